package io.marketlab.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record of the ingest's dead-letter topic for the page (docs/CONTRACTS.md: one per bad frame;
 * value = the raw frame, maybe its head only; headers {@code reason}, {@code ingest_id}, {@code
 * frame_seq}, {@code index_in_frame}, {@code rejected_count}, {@code rejected_indexes}, {@code
 * truncated_from_bytes}). Each text is cut to a bound, so a page of 100 letters stays small.
 */
final class DeadLetterView {

  /** Bytes of the frame the page is shown (a frame may be 256 KiB). */
  static final int FRAME_BYTES = 2048;

  /** Characters of a header the page is shown ({@code reason} is at most 4 KiB anyway). */
  static final int HEADER_CHARS = 1024;

  private DeadLetterView() {}

  static Map<String, Object> of(
      int partition, long offset, long timestampMs, Headers headers, byte[] value) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Header header : headers) {
      texts.put(header.key(), header.value() == null ? null : utf8(header.value()));
    }
    return of(partition, offset, timestampMs, texts, value);
  }

  static Map<String, Object> of(
      int partition, long offset, long timestampMs, Map<String, String> headers, byte[] value) {
    byte[] frame = value == null ? new byte[0] : value;
    String reason = headers.getOrDefault("reason", "");
    reason = reason == null ? "" : reason;
    int colon = reason.indexOf(':');
    Long truncatedFrom = number(headers.get("truncated_from_bytes"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("partition", partition);
    view.put("offset", offset);
    view.put("timestamp", Instant.ofEpochMilli(timestampMs).toString());
    view.put("reason", cut(reason, HEADER_CHARS));
    view.put("category", colon < 0 ? reason : reason.substring(0, colon));
    view.put("ingestId", cut(headers.get("ingest_id"), HEADER_CHARS));
    view.put("frameSeq", number(headers.get("frame_seq")));
    view.put("indexInFrame", number(headers.get("index_in_frame")));
    view.put("rejectedCount", number(headers.get("rejected_count")));
    view.put("rejectedIndexes", cut(headers.get("rejected_indexes"), HEADER_CHARS));
    view.put("frameBytes", truncatedFrom != null ? truncatedFrom : frame.length);
    view.put("frame", head(frame, FRAME_BYTES));
    view.put("frameShownBytes", cutAt(frame, FRAME_BYTES));
    view.put("frameCut", truncatedFrom != null || frame.length > FRAME_BYTES);
    return view;
  }

  /**
   * The first {@code bytes} bytes as text, cut back to a whole UTF-8 character: a frame may be any
   * bytes, so anything undecodable shows as U+FFFD, never as an error.
   */
  static String head(byte[] frame, int bytes) {
    return new String(frame, 0, cutAt(frame, bytes), StandardCharsets.UTF_8);
  }

  /** How many of the first {@code bytes} bytes hold whole UTF-8 characters. */
  static int cutAt(byte[] frame, int bytes) {
    int end = Math.min(frame.length, bytes);
    if (end < frame.length) {
      // Step back over continuation bytes (10xxxxxx) to the start of the character that is cut.
      int start = end;
      while (start > 0 && start > end - 4 && (frame[start] & 0xC0) == 0x80) {
        start--;
      }
      end = start;
    }
    return end;
  }

  private static String utf8(byte[] bytes) {
    return head(bytes, HEADER_CHARS * 4);
  }

  private static String cut(String text, int chars) {
    if (text == null || text.length() <= chars) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars;
    return text.substring(0, end) + "…";
  }

  private static Long number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
