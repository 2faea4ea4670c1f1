package io.marketlab.harness;

import java.util.List;

/** A trade as read back from Cassandra, with its latency stamps (µs since epoch). */
public record StoredTrade(
    String symbol,
    double price,
    double volume,
    long timeMs,
    List<String> conditions,
    long receivedAtMicros,
    long storedAtMicros) {

  public String describe() {
    return symbol
        + " "
        + price
        + " x "
        + volume
        + " at "
        + java.time.Instant.ofEpochMilli(timeMs)
        + " "
        + conditions;
  }
}
