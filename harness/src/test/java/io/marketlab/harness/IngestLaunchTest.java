package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IngestLaunchTest {

  private static IngestLaunch launch(int number, long opened, OptionalLong journaled) {
    return new IngestLaunch(
        number, 100 + number, number, opened, journaled, IngestLaunch.End.KILLED);
  }

  @Test
  void frames_only_should_take_each_launch_s_gap_entries_out_of_its_journaled_count() {
    // launch 1 journaled seqs 0..9 (gaps at 0 and 1: the ingest-start gaps of two symbols),
    // launch 2 seqs 10..19 (gaps at 10, 11 and a reconnect gap at 15), launch 3 still runs
    List<IngestLaunch> launches =
        List.of(
            launch(1, -1, OptionalLong.of(10)),
            launch(2, 9, OptionalLong.of(10)),
            launch(3, 19, OptionalLong.empty()));

    List<IngestLaunch> frames =
        IngestLaunch.framesOnly(launches, new TreeSet<>(List.of(0L, 1L, 10L, 11L, 15L, 20L)));

    assertThat(frames.get(0).framesJournaled()).hasValue(8);
    assertThat(frames.get(1).framesJournaled()).hasValue(7);
    assertThat(frames.get(2).framesJournaled()).isEmpty();
    assertThat(frames.get(1).journalOpenedLastSeq()).isEqualTo(9);
    assertThat(frames.get(1).pid()).isEqualTo(102);
  }

  @Test
  void frames_only_should_leave_a_journal_without_gaps_as_it_is() {
    List<IngestLaunch> launches = List.of(launch(1, -1, OptionalLong.of(5)));

    assertThat(IngestLaunch.framesOnly(launches, new TreeSet<>())).isEqualTo(launches);
  }
}
