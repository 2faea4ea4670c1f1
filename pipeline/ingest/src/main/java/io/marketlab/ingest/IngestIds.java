package io.marketlab.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;

/** Identity of one ingest run, e.g. {@code ing-20261124T072100Z-3f9a} (see CONTRACTS.md). */
final class IngestIds {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private IngestIds() {}

  static String newId() {
    return newId(Instant.now(), new Random());
  }

  /**
   * Time makes ids sortable and readable; the random suffix separates runs started the same second.
   */
  static String newId(Instant now, Random random) {
    byte[] suffix = new byte[2];
    random.nextBytes(suffix);
    return "ing-" + STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix);
  }
}
