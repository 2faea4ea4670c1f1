package io.marketlab.processor;

import io.marketlab.avro.Gap;
import java.io.IOException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * One gap as the processor stores it (docs/CONTRACTS.md, Gaps), decoded from its Kafka value.
 *
 * @param fromMs trade time of the last trade before, null when unknown (an ingest start)
 * @param toMs trade time of the first trade after, null when the ingest closed first
 */
record GapRow(
    String symbol,
    String reason,
    String ingestId,
    Long fromMs,
    Long toMs,
    long fromReceivedAtMicros,
    long toReceivedAtMicros) {

  /** The clustering time of its row: {@code from}, or {@code to} when from is unknown. */
  long gapStartMs() {
    return fromMs != null ? fromMs : toMs;
  }

  GapSpan span() {
    return GapSpan.of(fromMs, toMs);
  }

  /**
   * The gap in an Avro value.
   *
   * @throws IllegalArgumentException with the reason when it is not a usable {@code Gap}
   */
  static GapRow decode(byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("record value is null");
    }
    Gap gap;
    try {
      gap =
          new SpecificDatumReader<>(Gap.class)
              .read(null, DecoderFactory.get().binaryDecoder(value, null));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "value is not an Avro Gap (" + value.length + " bytes): " + e.getMessage(), e);
    }
    if (gap.getSymbol().isEmpty()) {
      throw new IllegalArgumentException("gap without a symbol");
    }
    if (gap.getFromTradeTsMs() == null && gap.getToTradeTsMs() == null) {
      throw new IllegalArgumentException("gap of " + gap.getSymbol() + " without either end");
    }
    return new GapRow(
        gap.getSymbol(),
        gap.getReason(),
        gap.getIngestId(),
        gap.getFromTradeTsMs(),
        gap.getToTradeTsMs(),
        gap.getFromReceivedAtUs(),
        gap.getToReceivedAtUs());
  }
}
