package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares what the pipeline stored with what the reference computed, and says, for a difference,
 * exactly where: the symbol, the window, the field, expected and actual.
 */
public final class Comparisons {

  private static final int SHOWN = 5;

  private Comparisons() {}

  /**
   * How far the stored trades are from the reference's, as multisets of values.
   *
   * @param lost reference trades with no stored row
   * @param doubled stored rows beyond the reference's count of their value (a trade stored twice,
   *     or one the reference does not have)
   */
  public record Balance(long lost, long doubled) {}

  /** {@link Balance} of the stored trades against the reference's. */
  public static Balance balance(List<ReferenceTrade> expected, List<StoredTrade> actual) {
    Map<String, Integer> balance = new HashMap<>();
    for (ReferenceTrade trade : expected) {
      balance.merge(key(trade), 1, Integer::sum);
    }
    for (StoredTrade trade : actual) {
      balance.merge(key(trade), -1, Integer::sum);
    }
    long lost = 0;
    long doubled = 0;
    for (int left : balance.values()) {
      if (left > 0) {
        lost += left;
      } else {
        doubled -= left;
      }
    }
    return new Balance(lost, doubled);
  }

  /** Stored trades equal the reference's as a multiset of values: none missing, none doubled. */
  public static Check trades(List<ReferenceTrade> expected, List<StoredTrade> actual) {
    Map<String, Integer> balance = new TreeMap<>();
    for (ReferenceTrade trade : expected) {
      balance.merge(key(trade), 1, Integer::sum);
    }
    for (StoredTrade trade : actual) {
      balance.merge(key(trade), -1, Integer::sum);
    }
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : balance.entrySet()) {
      if (entry.getValue() > 0) {
        missing.add(entry.getValue() + "× " + entry.getKey());
      } else if (entry.getValue() < 0) {
        extra.add((-entry.getValue()) + "× " + entry.getKey());
      }
    }
    boolean passed = missing.isEmpty() && extra.isEmpty();
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("missing " + count(missing) + " " + head(missing));
    }
    if (!extra.isEmpty()) {
      parts.add("extra " + count(extra) + " " + head(extra));
    }
    String detail = String.join("; ", parts);
    return Check.of(
        "stored trades = session trades",
        passed,
        expected.size() + " trades",
        actual.size() + " trades",
        detail);
  }

  /**
   * One check per resolution: every candle present, none extra, none stored twice (in two buckets),
   * every field equal. Where a window is stored more than once, the row in the bucket the contract
   * gives it is the one compared.
   */
  public static List<Check> candles(
      List<ReferenceCandle> expected, List<StoredCandle> actual, List<Resolution> resolutions) {
    List<Check> checks = new ArrayList<>();
    for (Resolution resolution : resolutions) {
      Map<String, ReferenceCandle> wanted = new TreeMap<>();
      for (ReferenceCandle candle : expected) {
        if (candle.resolution() == resolution) {
          wanted.put(candle.symbol() + " " + Instant.ofEpochMilli(candle.windowStartMs()), candle);
        }
      }
      Map<String, List<StoredCandle>> found = new HashMap<>();
      for (StoredCandle candle : actual) {
        if (candle.resolution().equals(resolution.label())) {
          found
              .computeIfAbsent(
                  candle.symbol() + " " + Instant.ofEpochMilli(candle.windowStartMs()),
                  key -> new ArrayList<>())
              .add(candle);
        }
      }
      List<String> differences = new ArrayList<>();
      for (Map.Entry<String, ReferenceCandle> entry : wanted.entrySet()) {
        List<StoredCandle> rows = found.remove(entry.getKey());
        String where = entry.getKey().replaceFirst(" ", " " + resolution.label() + " ");
        if (rows == null) {
          differences.add(where + ": missing");
          continue;
        }
        if (rows.size() > 1) {
          differences.add(
              where + ": stored " + rows.size() + " times, in buckets " + buckets(rows));
        }
        StoredCandle stored = pick(rows, resolution.bucket(entry.getValue().windowStartMs()));
        ReferenceCandle reference = entry.getValue();
        field(differences, where, "open", reference.open(), stored.open());
        field(differences, where, "high", reference.high(), stored.high());
        field(differences, where, "low", reference.low(), stored.low());
        field(differences, where, "close", reference.close(), stored.close());
        field(differences, where, "volume", reference.volume(), stored.volume());
        vwap(differences, where, reference.vwap(), stored.vwap());
        field(differences, where, "trade_count", reference.tradeCount(), stored.tradeCount());
        field(
            differences, where, "first_trade_ts", reference.firstTradeMs(), stored.firstTradeMs());
        field(differences, where, "last_trade_ts", reference.lastTradeMs(), stored.lastTradeMs());
      }
      for (Map.Entry<String, List<StoredCandle>> unexpected : new TreeMap<>(found).entrySet()) {
        differences.add(
            unexpected.getKey().replaceFirst(" ", " " + resolution.label() + " ")
                + ": not in the reference (in bucket "
                + buckets(unexpected.getValue())
                + ")");
      }
      boolean passed = differences.isEmpty();
      checks.add(
          Check.of(
              "candles " + resolution.label() + " = reference",
              passed,
              wanted.size() + " candles",
              countStored(actual, resolution) + " candles",
              passed ? "" : differences.size() + " difference(s): " + head(differences)));
    }
    return checks;
  }

  /**
   * Two runs of one session store the same candles: same windows, every field bitwise equal
   * (determinism: batching, restarts and timing must not change a candle).
   */
  public static Check identicalCandles(
      String name, List<StoredCandle> first, List<StoredCandle> second) {
    Map<String, StoredCandle> firstByWindow = byWindow(first);
    Map<String, StoredCandle> secondByWindow = byWindow(second);
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, StoredCandle> entry : firstByWindow.entrySet()) {
      StoredCandle other = secondByWindow.remove(entry.getKey());
      StoredCandle one = entry.getValue();
      String where = entry.getKey();
      if (other == null) {
        differences.add(where + ": only in the first run");
        continue;
      }
      field(differences, where, "open", one.open(), other.open());
      field(differences, where, "high", one.high(), other.high());
      field(differences, where, "low", one.low(), other.low());
      field(differences, where, "close", one.close(), other.close());
      field(differences, where, "volume", one.volume(), other.volume());
      field(differences, where, "vwap", one.vwap(), other.vwap());
      field(differences, where, "trade_count", one.tradeCount(), other.tradeCount());
      field(differences, where, "first_trade_ts", one.firstTradeMs(), other.firstTradeMs());
      field(differences, where, "last_trade_ts", one.lastTradeMs(), other.lastTradeMs());
      if (one.isFinal() != other.isFinal()) {
        differences.add(
            where + " is_final: " + one.isFinal() + " in the first run, " + other.isFinal());
      }
    }
    for (String where : secondByWindow.keySet()) {
      differences.add(where + ": only in the second run");
    }
    boolean passed = differences.isEmpty();
    return Check.of(
        name,
        passed,
        first.size() + " candles",
        second.size() + " candles",
        passed
            ? ""
            : differences.size() + " difference(s) (first run vs second): " + head(differences));
  }

  private static Map<String, StoredCandle> byWindow(List<StoredCandle> candles) {
    Map<String, StoredCandle> map = new TreeMap<>();
    for (StoredCandle candle : candles) {
      map.put(
          candle.symbol()
              + " "
              + candle.resolution()
              + " "
              + Instant.ofEpochMilli(candle.windowStartMs()),
          candle);
    }
    return map;
  }

  private static long countStored(List<StoredCandle> actual, Resolution resolution) {
    return actual.stream().filter(candle -> candle.resolution().equals(resolution.label())).count();
  }

  /**
   * VWAP: the reference's Σp·v / Σv rounded once to the nearest double, or a double adjacent to it
   * (README.md, "What exact means here": a correct pipeline may divide in finite decimal precision
   * before it rounds to double, and be one ulp off for that; anything further is a wrong VWAP).
   */
  static void vwap(List<String> differences, String where, double expected, double actual) {
    boolean withinOneUlp =
        Double.compare(expected, actual) == 0
            || actual == Math.nextUp(expected)
            || actual == Math.nextDown(expected);
    if (!withinOneUlp) {
      differences.add(
          where + " vwap: expected " + expected + ", got " + actual + " (more than 1 ulp apart)");
    }
  }

  /** Other doubles compare exactly: both sides round the same exact decimal once. */
  static void field(
      List<String> differences, String where, String name, double expected, double actual) {
    if (Double.compare(expected, actual) != 0) {
      differences.add(where + " " + name + ": expected " + expected + ", got " + actual);
    }
  }

  static void field(
      List<String> differences, String where, String name, long expected, long actual) {
    if (expected != actual) {
      differences.add(where + " " + name + ": expected " + expected + ", got " + actual);
    }
  }

  /** {@code SYMBOL 1m 2024-08-08T23:55:00Z}: a stored candle's window, as checks name it. */
  static String where(StoredCandle candle) {
    return candle.symbol()
        + " "
        + candle.resolution()
        + " "
        + Instant.ofEpochMilli(candle.windowStartMs());
  }

  /**
   * The stored candles by {@link #where}; of a window stored more than once, the row in the bucket
   * the contract gives it (else the first).
   */
  static Map<String, StoredCandle> inExpectedBucket(List<StoredCandle> candles) {
    Map<String, List<StoredCandle>> byWindow = new HashMap<>();
    for (StoredCandle candle : candles) {
      byWindow.computeIfAbsent(where(candle), key -> new ArrayList<>()).add(candle);
    }
    Map<String, StoredCandle> picked = new HashMap<>();
    for (Map.Entry<String, List<StoredCandle>> entry : byWindow.entrySet()) {
      StoredCandle first = entry.getValue().get(0);
      LocalDate belongs;
      try {
        belongs = Resolution.of(first.resolution()).bucket(first.windowStartMs());
      } catch (IllegalArgumentException e) {
        belongs = null;
      }
      picked.put(entry.getKey(), pick(entry.getValue(), belongs));
    }
    return picked;
  }

  private static StoredCandle pick(List<StoredCandle> rows, LocalDate belongs) {
    for (StoredCandle row : rows) {
      if (row.bucket() != null && row.bucket().equals(belongs)) {
        return row;
      }
    }
    return rows.get(0);
  }

  private static String buckets(List<StoredCandle> rows) {
    List<String> buckets = new ArrayList<>();
    for (StoredCandle row : rows) {
      buckets.add(String.valueOf(row.bucket()));
    }
    return String.join(", ", buckets);
  }

  /** A trade's values as checks name it: {@code SYMBOL 1.5 x 2.0 at 2024-...Z [conditions]}. */
  static String key(ReferenceTrade trade) {
    return key(trade.symbol(), trade.price(), trade.volume(), trade.timeMs(), trade.conditions());
  }

  static String key(StoredTrade trade) {
    return key(trade.symbol(), trade.price(), trade.volume(), trade.timeMs(), trade.conditions());
  }

  private static String key(
      String symbol, double price, double volume, long time, List<String> conditions) {
    return symbol
        + " "
        + price
        + " x "
        + volume
        + " at "
        + Instant.ofEpochMilli(time)
        + " "
        + conditions;
  }

  private static int count(List<String> items) {
    return items.size();
  }

  /** The first few items, for a check's detail. */
  static String head(List<String> items) {
    if (items.isEmpty()) {
      return "";
    }
    List<String> shown = items.subList(0, Math.min(SHOWN, items.size()));
    return "(" + String.join("; ", shown) + (items.size() > SHOWN ? "; ..." : "") + ")";
  }
}
