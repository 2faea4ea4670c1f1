package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredAnomaly;
import io.marketlab.harness.StoredHourly;
import io.marketlab.scenarios.reference.ReferenceAnalytics;
import io.marketlab.scenarios.report.Check;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The hourly table and the anomalies against {@link ReferenceAnalytics}: every row present, none
 * extra, every field equal (bit for bit; vwap within 1 ulp, as for candles).
 */
public final class AnalyticsChecks {

  private AnalyticsChecks() {}

  public static Check hourly(List<ReferenceAnalytics.Hour> expected, List<StoredHourly> actual) {
    Map<String, ReferenceAnalytics.Hour> wanted = new TreeMap<>();
    for (ReferenceAnalytics.Hour hour : expected) {
      wanted.put(hour.symbol() + " " + Instant.ofEpochMilli(hour.hourStartMs()), hour);
    }
    Map<String, StoredHourly> found = new TreeMap<>();
    for (StoredHourly hour : actual) {
      found.put(hour.symbol() + " " + Instant.ofEpochMilli(hour.hourStartMs()), hour);
    }
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, ReferenceAnalytics.Hour> entry : wanted.entrySet()) {
      StoredHourly stored = found.remove(entry.getKey());
      String where = entry.getKey();
      if (stored == null) {
        differences.add(where + ": missing");
        continue;
      }
      ReferenceAnalytics.Hour e = entry.getValue();
      Comparisons.field(differences, where, "open", e.open(), stored.open());
      Comparisons.field(differences, where, "high", e.high(), stored.high());
      Comparisons.field(differences, where, "low", e.low(), stored.low());
      Comparisons.field(differences, where, "close", e.close(), stored.close());
      Comparisons.field(differences, where, "volume", e.volume(), stored.volume());
      Comparisons.vwap(differences, where, e.vwap(), stored.vwap());
      Comparisons.field(differences, where, "trade_count", e.tradeCount(), stored.tradeCount());
      Comparisons.field(differences, where, "range", e.range(), stored.range());
      Comparisons.field(differences, where, "realized_vol", e.realizedVol(), stored.realizedVol());
      Comparisons.field(differences, where, "returns", e.returns(), stored.returns());
      if (e.isFinal() != stored.isFinal()) {
        differences.add(where + " is_final: expected " + e.isFinal() + ", got " + stored.isFinal());
      }
    }
    for (String unexpected : found.keySet()) {
      differences.add(unexpected + ": not in the reference");
    }
    boolean passed = differences.isEmpty();
    return Check.of(
        "hourly = reference (OHLCV, range, realized volatility of 1 s returns, is_final)",
        passed,
        wanted.size() + " hours",
        actual.size() + " hours",
        passed ? "" : differences.size() + " difference(s): " + Comparisons.head(differences));
  }

  public static Check anomalies(
      List<ReferenceAnalytics.Anomaly> expected, List<StoredAnomaly> actual) {
    Map<String, ReferenceAnalytics.Anomaly> wanted = new TreeMap<>();
    for (ReferenceAnalytics.Anomaly a : expected) {
      wanted.put(key(a.symbol(), a.tsMs(), a.kind()), a);
    }
    Map<String, StoredAnomaly> found = new TreeMap<>();
    for (StoredAnomaly a : actual) {
      found.put(key(a.symbol(), a.tsMs(), a.kind()), a);
    }
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, ReferenceAnalytics.Anomaly> entry : wanted.entrySet()) {
      StoredAnomaly stored = found.remove(entry.getKey());
      String where = entry.getKey();
      if (stored == null) {
        differences.add(where + ": missing");
        continue;
      }
      ReferenceAnalytics.Anomaly e = entry.getValue();
      Comparisons.field(differences, where, "score", e.score(), stored.score());
      Comparisons.field(differences, where, "value", e.value(), stored.value());
      Comparisons.field(differences, where, "baseline", e.baseline(), stored.baseline());
      Comparisons.field(differences, where, "threshold", e.threshold(), stored.threshold());
      Comparisons.field(differences, where, "close", e.close(), stored.close());
      Comparisons.field(differences, where, "volume", e.volume(), stored.volume());
      if (!Objects.equals(e.prevTsMs(), stored.prevTsMs())
          || !Objects.equals(e.prevClose(), stored.prevClose())) {
        differences.add(
            where
                + " prev: expected "
                + e.prevTsMs()
                + "/"
                + e.prevClose()
                + ", got "
                + stored.prevTsMs()
                + "/"
                + stored.prevClose());
      }
    }
    for (String unexpected : found.keySet()) {
      differences.add(unexpected + ": not in the reference");
    }
    boolean passed = differences.isEmpty();
    long jumps =
        expected.stream().filter(a -> a.kind().equals(ReferenceAnalytics.PRICE_JUMP)).count();
    return Check.of(
        "anomalies = reference (price jumps, volume spikes, scores, baselines)",
        passed,
        expected.size()
            + " anomalies ("
            + jumps
            + " price jumps, "
            + (expected.size() - jumps)
            + " volume spikes)",
        actual.size() + " anomalies",
        passed ? "" : differences.size() + " difference(s): " + Comparisons.head(differences));
  }

  private static String key(String symbol, long tsMs, String kind) {
    return symbol + " " + Instant.ofEpochMilli(tsMs) + " " + kind;
  }
}
