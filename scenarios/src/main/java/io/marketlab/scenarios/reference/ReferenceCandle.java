package io.marketlab.scenarios.reference;

/** One candle as the reference computes it; the values are what Cassandra must hold. */
public record ReferenceCandle(
    String symbol,
    Resolution resolution,
    long windowStartMs,
    double open,
    double high,
    double low,
    double close,
    double volume,
    double vwap,
    long tradeCount,
    long firstTradeMs,
    long lastTradeMs) {

  public Key key() {
    return new Key(symbol, resolution, windowStartMs);
  }

  public record Key(String symbol, Resolution resolution, long windowStartMs)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int bySymbol = symbol.compareTo(other.symbol);
      if (bySymbol != 0) {
        return bySymbol;
      }
      int byResolution = resolution.compareTo(other.resolution);
      return byResolution != 0 ? byResolution : Long.compare(windowStartMs, other.windowStartMs);
    }

    @Override
    public String toString() {
      return symbol
          + " "
          + resolution.label()
          + " "
          + java.time.Instant.ofEpochMilli(windowStartMs);
    }
  }
}
