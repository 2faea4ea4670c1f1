package io.marketlab.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cross-symbol view of docs/ANALYTICS.md: each symbol's 1 m closes as a percent change from a
 * chosen start, and the Pearson correlation of 1 m log returns between each pair of symbols.
 *
 * <p>A symbol's base is the close of its first candle at or after the start; a point is {@code
 * (close − base) / base × 100}. A 1 m return is {@code ln(close_t / close_(t−1m))} for two
 * consecutive minutes that both have a candle and that neither meets a gap (an incomplete candle
 * may miss trades, so its close is not the market's); a pair's correlation uses the minutes where
 * both symbols have a return, and is null with fewer than {@value #MIN_POINTS} such minutes or when
 * either side does not move.
 */
final class CrossSymbol {

  /** The fewest paired returns a correlation is computed from. */
  static final int MIN_POINTS = 3;

  static final long MINUTE_MS = 60_000L;

  /** One point of a symbol's normalised line. */
  record Point(long time, double close, double percent) {}

  /** A symbol's line: the base it is normalised to (null when it has no candle after start). */
  record Line(String symbol, String baseTime, Double base, List<Point> points) {}

  /** The correlation of one pair over {@code points} paired minutes; null when not computable. */
  record Pair(String a, String b, int points, Double correlation) {}

  private CrossSymbol() {}

  /** The line of one symbol's candles (oldest first) from {@code startMs}. */
  static Line line(String symbol, List<Candle> candles, long startMs) {
    Candle baseCandle = null;
    for (Candle c : candles) {
      if (c.windowStart().toEpochMilli() >= startMs) {
        baseCandle = c;
        break;
      }
    }
    List<Point> points = new ArrayList<>();
    if (baseCandle == null) {
      return new Line(symbol, null, null, points);
    }
    double base = baseCandle.close();
    for (Candle c : candles) {
      points.add(
          new Point(
              c.windowStart().getEpochSecond(), c.close(), (c.close() - base) / base * 100.0));
    }
    return new Line(symbol, baseCandle.windowStart().toString(), base, points);
  }

  /** The 1 m log returns of one symbol's 1 m candles (oldest first), by minute start. */
  static Map<Long, Double> returns(List<Candle> candles) {
    Map<Long, Double> returns = new TreeMap<>();
    Candle previous = null;
    for (Candle c : candles) {
      if (previous != null
          && c.windowStart().toEpochMilli() - previous.windowStart().toEpochMilli() == MINUTE_MS
          && !c.incomplete()
          && !previous.incomplete()
          && c.close() > 0
          && previous.close() > 0) {
        returns.put(c.windowStart().toEpochMilli(), Math.log(c.close() / previous.close()));
      }
      previous = c;
    }
    return returns;
  }

  /** The correlation of two symbols' returns over the minutes both have. */
  static Pair pair(String a, Map<Long, Double> ra, String b, Map<Long, Double> rb) {
    List<double[]> paired = new ArrayList<>();
    for (Map.Entry<Long, Double> e : ra.entrySet()) {
      Double other = rb.get(e.getKey());
      if (other != null) {
        paired.add(new double[] {e.getValue(), other});
      }
    }
    return new Pair(a, b, paired.size(), pearson(paired));
  }

  /**
   * Pearson's r of the pairs (two passes over the means); null below MIN_POINTS or with no move.
   */
  static Double pearson(List<double[]> pairs) {
    int n = pairs.size();
    if (n < MIN_POINTS) {
      return null;
    }
    double meanX = 0;
    double meanY = 0;
    for (double[] p : pairs) {
      meanX += p[0];
      meanY += p[1];
    }
    meanX /= n;
    meanY /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (double[] p : pairs) {
      double dx = p[0] - meanX;
      double dy = p[1] - meanY;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) {
      return null;
    }
    double r = sxy / Math.sqrt(sxx * syy);
    return Math.max(-1.0, Math.min(1.0, r));
  }
}
