package io.marketlab.scenarios.reference;

import java.util.List;

/**
 * One trade as the reference sees it in the session file.
 *
 * @param arrival position among all trades the ingest receives (frame order, then order in frame)
 */
public record ReferenceTrade(
    String symbol,
    double price,
    double volume,
    long timeMs,
    List<String> conditions,
    long arrival) {

  public boolean isPriceUpdate() {
    return volume == 0;
  }
}
