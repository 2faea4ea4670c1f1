package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredLateTrade;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceLateTrade;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the watermark decides, against the reference's own lateness rule: the {@code is_late} flag
 * of every trade row, the content of {@code late_trades}, and the {@code is_final} flag of every
 * candle at the end of a run.
 */
public final class Lateness {

  private Lateness() {}

  /**
   * Each trade row's {@code is_late} equals the reference's verdict. Trades with equal values are
   * told apart by count: of the rows with one value, as many must be late as the reference says.
   */
  public static Check tradeFlags(Reference reference, List<StoredTrade> trades) {
    Set<Long> lateArrivals = reference.lateArrivals();
    Map<String, int[]> lateCounts = new TreeMap<>();
    for (ReferenceTrade trade : reference.trades()) {
      if (lateArrivals.contains(trade.arrival())) {
        lateCounts.computeIfAbsent(Comparisons.key(trade), key -> new int[2])[0]++;
      }
    }
    long storedLate = 0;
    for (StoredTrade trade : trades) {
      if (trade.late()) {
        storedLate++;
        lateCounts.computeIfAbsent(Comparisons.key(trade), key -> new int[2])[1]++;
      }
    }
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, int[]> entry : lateCounts.entrySet()) {
      int expected = entry.getValue()[0];
      int actual = entry.getValue()[1];
      if (expected > actual) {
        differences.add(
            (expected - actual) + "× " + entry.getKey() + ": is_late expected true, got false");
      } else if (actual > expected) {
        differences.add(
            (actual - expected) + "× " + entry.getKey() + ": is_late expected false, got true");
      }
    }
    boolean passed = differences.isEmpty();
    return Check.of(
        "is_late of every trade row = reference",
        passed,
        lateArrivals.size() + " late",
        storedLate + " late",
        passed ? "" : differences.size() + " difference(s): " + Comparisons.head(differences));
  }

  /**
   * {@code late_trades} holds exactly the reference's late trades, each with the watermark it was
   * behind, and each row is also a trade row flagged late (same identity).
   */
  public static Check lateTrades(
      Reference reference, List<StoredLateTrade> stored, List<StoredTrade> trades) {
    Map<String, List<Long>> expected = new TreeMap<>();
    for (ReferenceLateTrade late : reference.late()) {
      ReferenceTrade trade = late.trade();
      expected
          .computeIfAbsent(
              key(trade.symbol(), trade.price(), trade.volume(), trade.timeMs()),
              key -> new ArrayList<>())
          .add(late.watermarkMs());
    }
    Map<String, List<Long>> actual = new HashMap<>();
    for (StoredLateTrade late : stored) {
      actual
          .computeIfAbsent(
              key(late.symbol(), late.price(), late.volume(), late.timeMs()),
              key -> new ArrayList<>())
          .add(late.watermarkMs());
    }
    List<String> differences = new ArrayList<>();
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      List<Long> want = sorted(expected.get(key));
      List<Long> got = sorted(actual.get(key));
      int both = Math.min(want.size(), got.size());
      for (int i = 0; i < both; i++) {
        if (!want.get(i).equals(got.get(i))) {
          differences.add(
              key
                  + " watermark: expected "
                  + Instant.ofEpochMilli(want.get(i))
                  + ", got "
                  + Instant.ofEpochMilli(got.get(i)));
        }
      }
      for (int i = both; i < want.size(); i++) {
        differences.add(
            "missing " + key + " (watermark " + Instant.ofEpochMilli(want.get(i)) + ")");
      }
      for (int i = both; i < got.size(); i++) {
        differences.add(
            "not in the reference: "
                + key
                + " (watermark "
                + Instant.ofEpochMilli(got.get(i))
                + ")");
      }
    }
    Set<String> flagged = new HashSet<>();
    for (StoredTrade trade : trades) {
      if (trade.late()) {
        flagged.add(trade.symbol() + " " + trade.identity());
      }
    }
    for (StoredLateTrade late : stored) {
      if (late.frameSeq() >= 0 && !flagged.contains(late.symbol() + " " + late.identity())) {
        differences.add(
            late.describe() + " [" + late.identity() + "]: no trade row with its identity is late");
      }
    }
    boolean passed = differences.isEmpty();
    return Check.of(
        "late_trades = reference's late trades (values, watermark)",
        passed,
        reference.late().size() + " late trades",
        stored.size() + " rows",
        passed ? "" : differences.size() + " difference(s): " + Comparisons.head(differences));
  }

  /**
   * Each stored candle of {@code resolutions} that the reference has is final exactly when the
   * reference says so at the end of the run (a missing or extra candle is the candle check's).
   */
  public static Check finality(
      Reference reference, List<StoredCandle> stored, List<Resolution> resolutions) {
    Map<String, StoredCandle> found = Comparisons.inExpectedBucket(stored);
    List<String> differences = new ArrayList<>();
    long expectedFinal = 0;
    long actualFinal = 0;
    long compared = 0;
    for (ReferenceCandle candle : reference.candles()) {
      if (!resolutions.contains(candle.resolution())) {
        continue;
      }
      boolean wanted = reference.isFinal(candle);
      expectedFinal += wanted ? 1 : 0;
      StoredCandle row = found.get(candle.key().toString());
      if (row == null) {
        continue;
      }
      compared++;
      actualFinal += row.isFinal() ? 1 : 0;
      if (row.isFinal() != wanted) {
        differences.add(candle.key() + " is_final: expected " + wanted + ", got " + row.isFinal());
      }
    }
    boolean passed = differences.isEmpty();
    return Check.of(
        "candles is_final = reference (final when the window ends ≤ latest trade − "
            + reference.watermarkDelayMs()
            + " ms)",
        passed,
        expectedFinal + " final",
        actualFinal + " final of " + compared,
        passed ? "" : differences.size() + " difference(s): " + Comparisons.head(differences));
  }

  private static String key(String symbol, double price, double volume, long timeMs) {
    return symbol + " " + price + " x " + volume + " at " + Instant.ofEpochMilli(timeMs);
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> copy = values == null ? new ArrayList<>() : new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }
}
