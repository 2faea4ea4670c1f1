package io.marketlab.scenarios.reference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hourly figures and anomalies a session must give (docs/ANALYTICS.md), computed again from the
 * reference's own final 1 s candles and expected gaps, with none of the processor's code: per
 * symbol, the final 1 s candles in time order through the two detectors, and each hour's 1h candle
 * with the 1 s log returns of its final 1 s candles.
 */
public final class ReferenceAnalytics {

  private static final double K = 1.2533141373155003;
  public static final String PRICE_JUMP = "price_jump";
  public static final String VOLUME_SPIKE = "volume_spike";

  private ReferenceAnalytics() {}

  /** The detectors' settings (LAB_ANOMALY_*). */
  public record Params(
      int halflife,
      int warmup,
      double jumpThreshold,
      double jumpFloor,
      double volumeThreshold,
      double volumeFloor,
      int cooldownSeconds) {

    /** Without a cool-down. */
    public Params(
        int halflife,
        int warmup,
        double jumpThreshold,
        double jumpFloor,
        double volumeThreshold,
        double volumeFloor) {
      this(halflife, warmup, jumpThreshold, jumpFloor, volumeThreshold, volumeFloor, 0);
    }
  }

  /** An hour as the hourly table must hold it. */
  public record Hour(
      String symbol,
      long hourStartMs,
      double open,
      double high,
      double low,
      double close,
      double volume,
      double vwap,
      long tradeCount,
      double range,
      double realizedVol,
      int returns,
      boolean isFinal) {}

  /** An anomaly as the anomalies table must hold it; prevTsMs and prevClose null for a spike. */
  public record Anomaly(
      String symbol,
      long tsMs,
      String kind,
      double score,
      double value,
      double baseline,
      double threshold,
      double close,
      double volume,
      Long prevTsMs,
      Double prevClose) {}

  public record Result(List<Hour> hours, List<Anomaly> anomalies) {}

  /**
   * One observation of a detector, with the baseline it was scored against (the state before it).
   *
   * @param kind {@link #PRICE_JUMP} (the 1 s log return) or {@link #VOLUME_SPIKE} (the log volume)
   * @param scored false during warm-up (no score, never raised)
   * @param value the return {@code r}, or the 1 s volume
   * @param center 0 for returns, {@code m} (the EW mean of log volume) for volumes
   * @param scale the robust sigma of returns, or of log volume ({@code sd}), floors applied
   * @param score {@code |r| / sigma}, or {@code (ln volume − m) / sd}; NaN when not scored
   */
  public record Observation(
      String symbol,
      long tsMs,
      String kind,
      boolean scored,
      double value,
      double center,
      double scale,
      double score) {}

  /**
   * Every observation the detectors make on one symbol's final 1 s candles (oldest first), with the
   * gaps ({@code {from, to}} in ms) that skip some.
   */
  public static List<Observation> observe(
      String symbol, List<ReferenceCandle> series, List<long[]> gaps, Params params) {
    List<Observation> seen = new ArrayList<>();
    detect(symbol, series, gaps, params, alpha(params), seen);
    return seen;
  }

  /** The final 1 s candles of each symbol in time order, as the detectors read them. */
  public static Map<String, List<ReferenceCandle>> finalSeconds(Reference reference) {
    Map<String, List<ReferenceCandle>> seconds = new TreeMap<>();
    for (ReferenceCandle candle : reference.candles()) {
      if (candle.resolution() == Resolution.S1 && reference.isFinal(candle)) {
        seconds.computeIfAbsent(candle.symbol(), s -> new ArrayList<>()).add(candle);
      }
    }
    seconds.values().forEach(l -> l.sort(Comparator.comparingLong(ReferenceCandle::windowStartMs)));
    return seconds;
  }

  /** The expected gaps of a symbol as {@code {from, to}} in ms (an open end: the other one). */
  public static List<long[]> gaps(Reference reference, String symbol) {
    List<long[]> gaps = new ArrayList<>();
    for (ReferenceGap gap : reference.gaps()) {
      if (gap.symbol().equals(symbol)) {
        long a = gap.fromMs() != null ? gap.fromMs() : gap.toMs();
        long b = gap.toMs() != null ? gap.toMs() : gap.fromMs();
        gaps.add(new long[] {Math.min(a, b), Math.max(a, b)});
      }
    }
    return gaps;
  }

  private static double alpha(Params params) {
    return 1.0 - StrictMath.pow(2.0, -1.0 / params.halflife());
  }

  public static Result compute(Reference reference, Params params) {
    double alpha = alpha(params);
    Map<String, List<ReferenceCandle>> seconds = finalSeconds(reference);
    Map<String, List<ReferenceCandle>> hours = new TreeMap<>();
    for (ReferenceCandle candle : reference.candles()) {
      if (candle.resolution() == Resolution.H1) {
        hours.computeIfAbsent(candle.symbol(), s -> new ArrayList<>()).add(candle);
      }
    }
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, Map<Long, double[]>> returns = new TreeMap<>();
    for (Map.Entry<String, List<ReferenceCandle>> symbol : seconds.entrySet()) {
      List<ReferenceCandle> series = symbol.getValue();
      anomalies.addAll(
          detect(symbol.getKey(), series, gaps(reference, symbol.getKey()), params, alpha, null));
      returns.put(symbol.getKey(), hourReturns(series));
    }
    List<Hour> rows = new ArrayList<>();
    for (Map.Entry<String, List<ReferenceCandle>> symbol : hours.entrySet()) {
      Map<Long, double[]> byHour = returns.getOrDefault(symbol.getKey(), Map.of());
      for (ReferenceCandle hour : symbol.getValue()) {
        double[] sum = byHour.getOrDefault(hour.windowStartMs(), new double[] {0, 0.0});
        rows.add(
            new Hour(
                hour.symbol(),
                hour.windowStartMs(),
                hour.open(),
                hour.high(),
                hour.low(),
                hour.close(),
                hour.volume(),
                hour.vwap(),
                hour.tradeCount(),
                hour.high() - hour.low(),
                StrictMath.sqrt(sum[1]),
                (int) sum[0],
                reference.isFinal(hour)));
      }
    }
    return new Result(rows, anomalies);
  }

  /** Per hour start: {count, Σ r²} of the returns between consecutive 1 s candles of that hour. */
  private static Map<Long, double[]> hourReturns(List<ReferenceCandle> series) {
    Map<Long, double[]> byHour = new TreeMap<>();
    for (int i = 1; i < series.size(); i++) {
      long hour = Resolution.H1.windowStart(series.get(i).windowStartMs());
      if (Resolution.H1.windowStart(series.get(i - 1).windowStartMs()) != hour) {
        continue;
      }
      double r = StrictMath.log(series.get(i).close() / series.get(i - 1).close());
      double[] sum = byHour.computeIfAbsent(hour, h -> new double[] {0, 0.0});
      sum[0] += 1;
      sum[1] = sum[1] + r * r;
    }
    return byHour;
  }

  private static boolean inGap(List<long[]> gaps, long fromMs, long untilMs) {
    for (long[] gap : gaps) {
      if (gap[0] < untilMs && gap[1] >= fromMs) {
        return true;
      }
    }
    return false;
  }

  private static List<Anomaly> detect(
      String symbol,
      List<ReferenceCandle> series,
      List<long[]> gaps,
      Params p,
      double alpha,
      List<Observation> seen) {
    List<Anomaly> found = new ArrayList<>();
    long jumps = 0;
    double s = 0;
    long coolJumpUntil = Long.MIN_VALUE;
    long coolVolumeUntil = Long.MIN_VALUE;
    long cooldownMs = p.cooldownSeconds() * 1000L;
    long volumes = 0;
    double m = 0;
    double d = 0;
    for (int i = 0; i < series.size(); i++) {
      ReferenceCandle c = series.get(i);
      long ts = c.windowStartMs();
      if (i > 0 && !inGap(gaps, series.get(i - 1).windowStartMs(), ts + 1000)) {
        ReferenceCandle prev = series.get(i - 1);
        double r = StrictMath.log(c.close() / prev.close());
        double a = Math.abs(r);
        // Only a second whose close moved is observed: on a symbol trading at the tick most
        // seconds are unchanged, and counting them would make one tick look like a jump.
        if (r == 0) {
          // neither scored nor in the baseline
        } else if (jumps >= p.warmup()) {
          double sigma = Math.max(K * s, p.jumpFloor());
          double score = a / sigma;
          if (seen != null) {
            seen.add(new Observation(symbol, ts, PRICE_JUMP, true, r, 0, sigma, score));
          }
          boolean cooling = ts < coolJumpUntil;
          if (score >= p.jumpThreshold()) {
            coolJumpUntil = ts + cooldownMs;
          }
          if (score >= p.jumpThreshold() && !cooling) {
            found.add(
                new Anomaly(
                    symbol,
                    ts,
                    PRICE_JUMP,
                    score,
                    r,
                    sigma,
                    p.jumpThreshold(),
                    c.close(),
                    c.volume(),
                    prev.windowStartMs(),
                    prev.close()));
          }
          a = Math.min(a, p.jumpThreshold() * sigma);
        } else if (seen != null) {
          seen.add(new Observation(symbol, ts, PRICE_JUMP, false, r, 0, Double.NaN, Double.NaN));
        }
        if (r != 0) {
          s = jumps == 0 ? a : s + alpha * (a - s);
          jumps++;
        }
      }
      if (c.volume() > 0 && !inGap(gaps, ts, ts + 1000)) {
        double y = StrictMath.log(c.volume());
        if (volumes >= p.warmup()) {
          double sd = Math.max(K * d, p.volumeFloor());
          double score = (y - m) / sd;
          if (seen != null) {
            seen.add(new Observation(symbol, ts, VOLUME_SPIKE, true, c.volume(), m, sd, score));
          }
          boolean cooling = ts < coolVolumeUntil;
          if (score >= p.volumeThreshold()) {
            coolVolumeUntil = ts + cooldownMs;
          }
          if (score >= p.volumeThreshold() && !cooling) {
            found.add(
                new Anomaly(
                    symbol,
                    ts,
                    VOLUME_SPIKE,
                    score,
                    c.volume(),
                    StrictMath.exp(m),
                    p.volumeThreshold(),
                    c.close(),
                    c.volume(),
                    null,
                    null));
          }
          y = Math.min(y, m + p.volumeThreshold() * sd);
        } else if (seen != null) {
          seen.add(
              new Observation(
                  symbol, ts, VOLUME_SPIKE, false, c.volume(), m, Double.NaN, Double.NaN));
        }
        if (volumes == 0) {
          m = y;
          d = 0.0;
        } else {
          double dev = Math.abs(y - m);
          m = m + alpha * (y - m);
          d = d + alpha * (dev - d);
        }
        volumes++;
      }
    }
    return found;
  }
}
