package io.marketlab.scenarios.compare;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredLateTrade;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row the read-back found (it scans whole tables) sits in the partition the contract gives
 * its time (docs/CONTRACTS.md): a trade and a late trade under the UTC day of its trade time, a
 * candle under its resolution's bucket of its window ({@link Resolution#bucket}). A row in another
 * partition is named with the partition it was found in; the dashboard would never read it.
 */
public final class Placement {

  private Placement() {}

  public static Check check(
      List<StoredTrade> trades, List<StoredCandle> candles, List<StoredLateTrade> lateTrades) {
    List<String> misplaced = new ArrayList<>();
    for (StoredCandle candle : candles) {
      Resolution resolution;
      try {
        resolution = Resolution.of(candle.resolution());
      } catch (IllegalArgumentException e) {
        misplaced.add(
            Comparisons.where(candle)
                + " in bucket "
                + candle.bucket()
                + ": no such resolution '"
                + candle.resolution()
                + "'");
        continue;
      }
      LocalDate belongs = resolution.bucket(candle.windowStartMs());
      if (!belongs.equals(candle.bucket())) {
        misplaced.add(
            Comparisons.where(candle)
                + ": in bucket "
                + candle.bucket()
                + ", belongs in "
                + belongs);
      }
    }
    for (StoredTrade trade : trades) {
      LocalDate belongs = day(trade.timeMs());
      if (!belongs.equals(trade.day())) {
        misplaced.add(
            "trade " + trade.describe() + ": in day " + trade.day() + ", belongs in " + belongs);
      }
    }
    for (StoredLateTrade trade : lateTrades) {
      LocalDate belongs = day(trade.timeMs());
      if (!belongs.equals(trade.day())) {
        misplaced.add(
            "late trade "
                + trade.describe()
                + ": in day "
                + trade.day()
                + ", belongs in "
                + belongs);
      }
    }
    long rows = trades.size() + candles.size() + lateTrades.size();
    boolean passed = misplaced.isEmpty();
    return Check.of(
        "every row in the partition of its time (trades, late_trades by day; candles by bucket)",
        passed,
        rows + " rows in place",
        passed ? rows + " rows in place" : misplaced.size() + " of " + rows + " rows misplaced",
        passed ? "" : misplaced.size() + " misplaced: " + Comparisons.head(misplaced));
  }

  private static LocalDate day(long timeMs) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(timeMs), ZoneOffset.UTC);
  }
}
