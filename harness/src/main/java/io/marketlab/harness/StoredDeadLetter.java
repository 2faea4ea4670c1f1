package io.marketlab.harness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record of the run's dead-letter topic as read back from Kafka (CONTRACTS.md: one per frame;
 * value = the raw frame, maybe cut to its head; headers {@code reason}, {@code ingest_id}, {@code
 * frame_seq}, {@code index_in_frame}, for rejected trades {@code rejected_count} and {@code
 * rejected_indexes}, and {@code truncated_from_bytes} when the value is only the frame's head).
 *
 * @param reason the {@code reason} header, {@code "<category>: <detail>"}; "" when absent
 * @param indexInFrame the first rejected trade's index in its frame, -1 for a whole frame (or no
 *     header)
 * @param frameBytes the frame's size in bytes: {@code truncated_from_bytes}, else the value's
 * @param rejectedIndexes the indexes {@code rejected_indexes} lists (all of them, or the first ones
 *     when the header was capped: {@code ... and N more})
 * @param rejectedCount {@code rejected_count}: how many trades of the frame were rejected; -1 when
 *     absent
 */
public record StoredDeadLetter(
    int partition,
    long offset,
    String reason,
    long frameSeq,
    int indexInFrame,
    byte[] value,
    long frameBytes,
    List<Integer> rejectedIndexes,
    int rejectedCount) {

  public StoredDeadLetter {
    rejectedIndexes = List.copyOf(rejectedIndexes);
  }

  /** A letter for one rejected trade ({@code indexInFrame} >= 0) or a whole frame. */
  public StoredDeadLetter(
      int partition,
      long offset,
      String reason,
      long frameSeq,
      int indexInFrame,
      byte[] value,
      long frameBytes) {
    this(
        partition,
        offset,
        reason,
        frameSeq,
        indexInFrame,
        value,
        frameBytes,
        indexInFrame < 0 ? List.of() : List.of(indexInFrame),
        indexInFrame < 0 ? -1 : 1);
  }

  static final String REASON = "reason";
  static final String FRAME_SEQ = "frame_seq";
  static final String INDEX_IN_FRAME = "index_in_frame";
  static final String TRUNCATED_FROM = "truncated_from_bytes";
  static final String REJECTED_INDEXES = "rejected_indexes";
  static final String REJECTED_COUNT = "rejected_count";

  /** The record's fields and headers; a header that is missing or not a number reads as -1. */
  public static StoredDeadLetter of(ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value() == null ? new byte[0] : record.value();
    String reason = header(record, REASON);
    long truncatedFrom = number(header(record, TRUNCATED_FROM));
    return new StoredDeadLetter(
        record.partition(),
        record.offset(),
        reason == null ? "" : reason,
        number(header(record, FRAME_SEQ)),
        (int) number(header(record, INDEX_IN_FRAME)),
        value,
        truncatedFrom >= 0 ? truncatedFrom : value.length,
        indexes(header(record, REJECTED_INDEXES)),
        (int) number(header(record, REJECTED_COUNT)));
  }

  /** {@code 1,4,9} or {@code 1,4,... and 7 more}: the numbers before anything else. */
  static List<Integer> indexes(String text) {
    List<Integer> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String item : text.split(",")) {
      try {
        out.add(Integer.parseInt(item.trim()));
      } catch (NumberFormatException e) {
        break;
      }
    }
    return out;
  }

  /** The reason's category: the text before its first colon ({@code malformed}, ...). */
  public String category() {
    int colon = reason.indexOf(':');
    return (colon < 0 ? reason : reason.substring(0, colon)).trim();
  }

  /** {@code p0:42}: where it is in the topic. */
  public String position() {
    return "p" + partition + ":" + offset;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static long number(String text) {
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
