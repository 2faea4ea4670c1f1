package io.marketlab.scenarios.pipeline;

import io.marketlab.harness.DayRange;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.ReplayReference;
import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.compare.Comparisons;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.scenarios.report.Check;
import java.nio.file.Path;
import java.util.List;

/**
 * The independent reference as the harness sees it ({@link ReplayReference}, found through
 * META-INF/services): what a replay must store, and whether it did.
 */
public final class HarnessReference implements ReplayReference {

  @Override
  public Prediction predict(Path session) {
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    Expectation expectation = expectation(reference);
    return new Prediction() {
      @Override
      public Expectation expectation() {
        return expectation;
      }

      @Override
      public String verdict(List<StoredTrade> trades, List<StoredCandle> candles) {
        return HarnessReference.verdict(reference, trades, candles);
      }
    };
  }

  /** The reference's trades and candles, on the days of its first and last trade. */
  public static Expectation expectation(Reference reference) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (ReferenceTrade trade : reference.trades()) {
      min = Math.min(min, trade.timeMs());
      max = Math.max(max, trade.timeMs());
    }
    long now = System.currentTimeMillis();
    DayRange days =
        DayRange.between(min == Long.MAX_VALUE ? now : min, max == Long.MIN_VALUE ? now : max);
    return Expectation.of(reference.trades().size(), reference.candles().size(), days);
  }

  static String verdict(Reference reference, List<StoredTrade> trades, List<StoredCandle> candles) {
    Check tradeCheck = Comparisons.trades(reference.trades(), trades);
    if (!tradeCheck.passed()) {
      return "NO: " + tradeCheck.detail();
    }
    for (Check candleCheck :
        Comparisons.candles(reference.candles(), candles, List.of(Resolution.values()))) {
      if (!candleCheck.passed()) {
        return "NO: " + candleCheck.detail();
      }
    }
    return "yes (trades and 1s/1m/1h candles equal the reference)";
  }
}
