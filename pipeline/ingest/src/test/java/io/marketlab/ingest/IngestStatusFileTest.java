package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status file a child ingest writes and the harness reads: a lossless round trip. */
class IngestStatusFileTest {

  @TempDir Path dir;

  private static IngestStatus status(IngestStatus.State state, String failure) {
    Histogram latency = new Histogram(3_600_000_000L, 3);
    latency.recordValueWithCount(1_250, 40);
    latency.recordValueWithCount(90_000, 2);
    IngestMetrics.Snapshot metrics =
        new IngestMetrics.Snapshot(
            813,
            3402,
            7,
            3,
            1,
            2,
            3390,
            5,
            Map.of("malformed", 2L, "rejected", 1L),
            latency,
            4,
            1_048_576,
            12,
            800,
            0,
            0,
            1);
    return new IngestStatus(
        4242,
        "ing-20261202T100000Z-3f9a",
        state,
        1_796_000_000_000L,
        "/work/.lab/journal/run_1",
        99,
        90,
        912,
        failure,
        9464,
        metrics,
        List.of(530L, 0L, 283L));
  }

  @Test
  void a_status_written_should_read_back_with_every_figure_and_the_same_percentiles() {
    Path file = dir.resolve("ingest.status.json");
    IngestStatus written = status(IngestStatus.State.RUNNING, null);

    IngestStatusFile.write(file, written);
    IngestStatus read = IngestStatusFile.read(file).orElseThrow();

    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("metrics.sendLatencyMicros")
        .isEqualTo(written);
    Histogram latency = read.metrics().sendLatencyMicros();
    assertThat(latency.getTotalCount()).isEqualTo(42);
    assertThat(latency.getValueAtPercentile(50))
        .isEqualTo(written.metrics().sendLatencyMicros().getValueAtPercentile(50));
    assertThat(latency.getMaxValue())
        .isEqualTo(written.metrics().sendLatencyMicros().getMaxValue());
    assertThat(read.framesJournaled()).isEqualTo(912 - 99);
    assertThat(read.metrics().line()).isEqualTo(written.metrics().line());
  }

  @Test
  void a_newer_status_should_replace_the_older_whole_and_leave_no_temporary_file() {
    Path file = dir.resolve("ingest.status.json");
    IngestStatusFile.write(file, status(IngestStatus.State.RUNNING, null));
    IngestStatusFile.write(file, status(IngestStatus.State.FAILED, "HTTP 401 from the server"));

    IngestStatus read = IngestStatusFile.read(file).orElseThrow();
    assertThat(read.state()).isEqualTo(IngestStatus.State.FAILED);
    assertThat(read.failure()).isEqualTo("HTTP 401 from the server");
    assertThat(dir.resolve("ingest.status.json.tmp")).doesNotExist();
  }

  @Test
  void no_file_should_be_no_status_and_a_foreign_file_a_clear_error() throws Exception {
    Path file = dir.resolve("ingest.status.json");
    assertThat(IngestStatusFile.read(file)).isEmpty();

    Files.writeString(file, "{\"pid\":1}");
    assertThatThrownBy(() -> IngestStatusFile.read(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the ingest status " + file + " is not a status file: no field 'journal'");
    Files.writeString(file, "pid=1");
    assertThatThrownBy(() -> IngestStatusFile.read(file))
        .hasMessageStartingWith("the ingest status " + file + " is not a status file: not JSON");
  }

  @Test
  void a_status_with_a_whole_number_field_that_is_not_one_should_name_the_field() {
    String json =
        IngestStatusFile.toJson(status(IngestStatus.State.STOPPED, null))
            .replace("\"trades\":3402", "\"trades\":\"many\"");
    assertThatThrownBy(() -> IngestStatusFile.fromJson(json))
        .hasMessage("field 'trades' is not a whole number: \"many\"");
  }
}
