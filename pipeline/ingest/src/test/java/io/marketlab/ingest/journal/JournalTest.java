package io.marketlab.ingest.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private JournalConfig config() {
    return JournalConfig.at(dir).withFsyncInterval(Duration.ZERO);
  }

  private static List<JournalEntry> readAll(Journal journal, long from) throws Exception {
    List<JournalEntry> out = new ArrayList<>();
    try (Journal.Reader reader = journal.reader(from)) {
      JournalEntry entry;
      while ((entry = reader.next(2_000)) != null && entry.seq() <= journal.lastSeq()) {
        out.add(entry);
        if (entry.seq() == journal.lastSeq()) {
          break;
        }
      }
    }
    return out;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".journal")).sorted().toList();
    }
  }

  private static long sizeOnDisk(List<Path> files) throws IOException {
    long total = 0;
    for (Path file : files) {
      total += Files.size(file);
    }
    return total;
  }

  /** On disk an entry is its 8-byte header, 29 fixed payload bytes and its UTF-8 text. */
  private static long entryBytes(String text) {
    return 8 + 29 + text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void should_count_the_bytes_after_the_position_it_opened_at_across_a_reopen() throws Exception {
    List<String> texts = List.of("a", "bb", "ccé", "dddd", "eeeee");
    try (Journal journal = Journal.open(config(), "ing-a")) {
      for (String text : texts) {
        journal.append(1, text);
      }
      long all = 0;
      for (String text : texts) {
        all += entryBytes(text);
      }
      assertThat(journal.bytesAfterOpenedPosition()).isEqualTo(all).isEqualTo(journal.bytes());
      journal.acknowledge(new JournalPosition(1, Map.of()));
    }
    try (Journal journal = Journal.open(config(), "ing-a")) {
      // Frames 0 and 1 are acknowledged (still on disk in the active segment): not counted.
      long after = entryBytes("ccé") + entryBytes("dddd") + entryBytes("eeeee");
      assertThat(journal.bytesAfterOpenedPosition()).isEqualTo(after);
      journal.append(1, "f");
      assertThat(journal.bytesAfterOpenedPosition()).isEqualTo(after + entryBytes("f"));
      try (Journal.Reader reader = journal.reader(2)) {
        assertThat(reader.next(5_000)).isNotNull(); // waits until it is on disk
        assertThat(reader.lastEntryBytes()).isEqualTo(entryBytes("ccé"));
      }
    }
  }

  @Test
  void should_read_back_every_frame_in_order_with_its_receipt_time() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThat(journal.append(11, "{\"type\":\"ping\"}")).isEqualTo(0);
      assertThat(journal.append(12, "ünïcödé €")).isEqualTo(1);
      assertThat(journal.append(13, "")).isEqualTo(2);

      List<JournalEntry> entries = readAll(journal, 0);

      assertThat(entries)
          .containsExactly(
              new JournalEntry(0, 11, 15, "{\"type\":\"ping\"}", false),
              new JournalEntry(
                  1, 12, "ünïcödé €".getBytes(StandardCharsets.UTF_8).length, "ünïcödé €", false),
              new JournalEntry(2, 13, 0, "", false));
      assertThat(readAll(journal, 1)).extracting(JournalEntry::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void a_frame_the_client_already_cut_should_keep_its_whole_size_and_count_as_cut()
      throws Exception {
    // the client keeps only the head of a frame over the limit (bounded assembly); the gate matches
    // its dead letter by the whole frame's size, so the journal must keep that size, not the head's
    String head = "{\"type\":\"trade\",\"data\":\"" + "x".repeat(1000);
    long whole = 3L * 1024 * 1024;
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.append(5, 77, head, whole);

      JournalEntry entry = readAll(journal, 0).get(0);

      assertThat(entry.cut()).isTrue();
      assertThat(entry.frameBytes()).isEqualTo((int) whole);
      assertThat(entry.text()).isEqualTo(head);
      assertThat(entry.checkedAtMillis()).isEqualTo(77);
    }
  }

  @Test
  void should_keep_its_ingest_id_and_continue_the_frame_seq_after_a_reopen() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-first")) {
      journal.append(1, "a");
      journal.append(2, "b");
    }
    try (Journal journal = Journal.open(config(), "ing-second")) {
      assertThat(journal.ingestId()).isEqualTo("ing-first");
      assertThat(journal.isNew()).isFalse();
      assertThat(journal.append(3, "c")).isEqualTo(2);
      assertThat(readAll(journal, 0)).extracting(JournalEntry::text).containsExactly("a", "b", "c");
    }
  }

  @Test
  void should_keep_gap_entries_in_order_between_frames() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThat(journal.append(1, "frame")).isEqualTo(0);
      assertThat(journal.appendGap(2, "Z2FwIQ==")).isEqualTo(1);
      assertThat(journal.append(3, "next")).isEqualTo(2);
    }
    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThat(readAll(journal, 0))
          .extracting(JournalEntry::seq, JournalEntry::kind, JournalEntry::text)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0L, JournalEntry.Kind.FRAME, "frame"),
              org.assertj.core.groups.Tuple.tuple(1L, JournalEntry.Kind.GAP, "Z2FwIQ=="),
              org.assertj.core.groups.Tuple.tuple(2L, JournalEntry.Kind.FRAME, "next"));
    }
  }

  @Test
  void should_read_a_format_1_journal_and_mark_it_format_2_before_writing_gaps() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-old")) {
      journal.append(1, "old frame");
      journal.append(2, "big");
    }
    Path meta = dir.resolve(Journal.META_FILE);
    Files.writeString(meta, Files.readString(meta).replace("format=2", "format=1"));
    // a format-1 writer wrote cut frames with the byte 1 where format 2 keeps the kind
    try (FileChannel channel = FileChannel.open(segments().get(0), StandardOpenOption.APPEND)) {
      channel.write(Segment.encode(2, 3, 9, "head".getBytes(StandardCharsets.UTF_8), true));
    }

    try (Journal journal = Journal.open(config(), "ing-new")) {
      assertThat(journal.ingestId()).isEqualTo("ing-old");
      assertThat(Files.readString(meta)).contains("format=2");
      assertThat(journal.appendGap(4, "gap")).isEqualTo(3);
      assertThat(readAll(journal, 0))
          .extracting(JournalEntry::text, JournalEntry::cut, JournalEntry::isGap)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("old frame", false, false),
              org.assertj.core.groups.Tuple.tuple("big", false, false),
              org.assertj.core.groups.Tuple.tuple("head", true, false),
              org.assertj.core.groups.Tuple.tuple("gap", false, true));
    }
  }

  @Test
  void should_refuse_a_journal_format_it_does_not_know() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.append(1, "a");
    }
    Path meta = dir.resolve(Journal.META_FILE);
    Files.writeString(meta, Files.readString(meta).replace("format=2", "format=3"));

    assertThatThrownBy(() -> Journal.open(config(), "ing-a"))
        .isInstanceOf(JournalException.class)
        .hasMessage(meta + ": journal format '3', this ingest reads 1 and 2");
  }

  @Test
  void should_refuse_an_entry_of_an_unknown_kind_instead_of_cutting_it_off() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.append(1, "a");
    }
    Path segment = segments().get(0);
    long before = Files.size(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      channel.write(Segment.encode(1, 2, -1, 1, "?".getBytes(StandardCharsets.UTF_8), (byte) 7));
    }
    long after = Files.size(segment);

    assertThatThrownBy(() -> Journal.open(config(), "ing-a"))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("journal entry seq 1 at byte " + before + " is of kind 7")
        .hasMessageContaining("written by a newer version?");
    assertThat(Files.size(segment)).as("nothing cut off").isEqualTo(after);
  }

  @Test
  void should_cut_off_a_torn_last_entry_and_keep_everything_before_it() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.append(1, "first");
      journal.append(2, "second");
    }
    Path segment = segments().get(0);
    long whole = Files.size(segment);
    // a crash in the middle of the third append: its header and half its payload
    ByteBuffer torn = Segment.encode(2, 3, 5, "third".getBytes(StandardCharsets.UTF_8), false);
    torn.limit(torn.limit() - 3);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      channel.write(torn);
    }

    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThat(Files.size(segment)).isEqualTo(whole);
      assertThat(journal.lastSeq()).isEqualTo(1);
      assertThat(journal.append(4, "again")).isEqualTo(2);
      assertThat(readAll(journal, 0))
          .extracting(JournalEntry::text)
          .containsExactly("first", "second", "again");
    }
  }

  @Test
  void should_cut_off_a_last_entry_whose_crc_does_not_match() throws Exception {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.append(1, "first");
      journal.append(2, "second");
    }
    Path segment = segments().get(0);
    long size = Files.size(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'X'}), size - 1); // last byte of "second"
    }

    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThat(journal.lastSeq()).isEqualTo(0);
      assertThat(readAll(journal, 0)).extracting(JournalEntry::text).containsExactly("first");
    }
  }

  @Test
  void should_refuse_to_open_on_damage_before_the_last_segment() throws Exception {
    JournalConfig small = config().withSegmentBytes(1 << 20).withMaxBytes(8 << 20);
    String big = "y".repeat(600_000);
    try (Journal journal = Journal.open(small, "ing-a")) {
      journal.append(1, big);
      journal.append(2, big); // does not fit the first segment: a second one
    }
    Path first = segments().get(0);
    try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {'Z'}), 100);
    }

    assertThatThrownBy(() -> Journal.open(small, "ing-a"))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining(first.getFileName().toString())
        .hasMessageContaining("damaged at byte 0")
        .hasMessageContaining("CRC32C");
  }

  @Test
  void should_roll_segments_and_delete_those_wholly_acknowledged() throws Exception {
    JournalConfig small = config().withSegmentBytes(1 << 20).withMaxBytes(8 << 20);
    String frame = "z".repeat(400_000);
    try (Journal journal = Journal.open(small, "ing-a")) {
      for (int i = 0; i < 6; i++) {
        journal.append(i, frame); // two per segment: segments 0, 2, 4
      }
      assertThat(segments())
          .extracting(p -> p.getFileName().toString())
          .containsExactly(
              "00000000000000000000.journal",
              "00000000000000000002.journal",
              "00000000000000000004.journal");
      assertThat(journal.bytes()).isEqualTo(sizeOnDisk(segments()));
      long first = Files.size(segments().get(0));

      journal.acknowledge(new JournalPosition(2, Map.of(new TopicPartition("trades", 0), 17L)));

      // frame 2 is acknowledged but 3 is not: only the first segment goes
      assertThat(segments()).hasSize(2);
      // two segments of two equal frames each are left, as on disk
      assertThat(journal.bytes()).isEqualTo(sizeOnDisk(segments())).isEqualTo(2 * first);
      assertThat(readAll(journal, 3)).extracting(JournalEntry::seq).containsExactly(3L, 4L, 5L);

      journal.acknowledge(new JournalPosition(5, Map.of()));
      // the active segment stays, even when all of it is acknowledged
      assertThat(segments())
          .extracting(p -> p.getFileName().toString())
          .containsExactly("00000000000000000004.journal");
    }
    assertThat(Journal.readPosition(dir.resolve(Journal.POSITION_FILE)))
        .isEqualTo(new JournalPosition(5, Map.of()));
  }

  @Test
  void should_write_the_position_with_its_kafka_offsets_and_read_it_back() {
    JournalPosition position =
        new JournalPosition(
            41,
            Map.of(
                new TopicPartition("trades.run_1", 0), 120L,
                new TopicPartition("trades.run_1", 3), 7L,
                new TopicPartition("trades.run_1.dlq", 0), 2L));
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.acknowledge(position);
    }
    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThat(journal.openedAt()).isEqualTo(position);
    }
    assertThat(dir.resolve(Journal.POSITION_FILE + ".tmp")).doesNotExist();
  }

  @Test
  void should_refuse_a_frame_that_does_not_fit_and_take_frames_again_once_a_segment_is_freed()
      throws Exception {
    JournalConfig small = config().withSegmentBytes(1 << 20).withMaxBytes(2 << 20);
    String frame = "q".repeat(800_000);
    try (Journal journal = Journal.open(small, "ing-a")) {
      assertThat(journal.append(1, frame)).isEqualTo(0); // segment 0
      assertThat(journal.append(2, frame)).isEqualTo(1); // segment 1
      assertThat(journal.append(3, frame)).isEqualTo(Journal.FULL); // 3 x 800 kB > 2 MiB
      assertThat(journal.lastSeq()).isEqualTo(1);

      journal.acknowledge(new JournalPosition(0, Map.of()));

      assertThat(journal.append(4, frame)).isEqualTo(2);
      assertThat(readAll(journal, 1)).extracting(JournalEntry::seq).containsExactly(1L, 2L);
    }
  }

  @Test
  void should_keep_only_the_head_of_a_frame_over_the_limit_with_its_size() throws Exception {
    String huge = "é".repeat(Journal.MAX_FRAME_BYTES); // 2 MiB of UTF-8
    try (Journal journal = Journal.open(config(), "ing-a")) {
      journal.append(1, huge);
      JournalEntry entry = readAll(journal, 0).get(0);

      assertThat(entry.cut()).isTrue();
      assertThat(entry.frameBytes()).isEqualTo(2 * Journal.MAX_FRAME_BYTES);
      assertThat(entry.text()).isEqualTo("é".repeat(Journal.CUT_FRAME_BYTES / 2));
    }
  }

  @Test
  void should_let_one_ingest_at_a_time_use_a_journal() {
    try (Journal journal = Journal.open(config(), "ing-a")) {
      assertThatThrownBy(() -> Journal.open(config(), "ing-b"))
          .isInstanceOf(JournalException.class)
          .hasMessageContaining("in use by another ingest");
    }
  }

  @Test
  void should_hand_a_reader_a_frame_only_once_it_is_on_disk() throws Exception {
    // The first fsync comes at once, the next one only an hour later.
    try (Journal journal = Journal.open(config().withFsyncInterval(Duration.ofHours(1)), "a")) {
      journal.append(1, "first");
      try (Journal.Reader reader = journal.reader(0)) {
        assertThat(reader.next(5_000).text()).isEqualTo("first");
        journal.append(2, "second");

        assertThat(reader.next(300)).isNull();
        assertThat(journal.lastSeq()).isEqualTo(1);
        assertThat(journal.durableSeq()).isEqualTo(0);
      }
    }
  }
}
