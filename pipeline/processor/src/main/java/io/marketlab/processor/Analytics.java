package io.marketlab.processor;

import io.marketlab.layout.Tables.Anomalies;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A symbol's analytics state (docs/ANALYTICS.md), fed its final 1 s candles in time order: the open
 * hours' 1 s log returns, the two anomaly detectors and the recorded gaps that still matter. Part
 * of {@link SymbolState}, so it is in Spark's state store and a re-run batch gives the same rows.
 * Every floating-point operation is in the order the document gives; logs, roots and powers are
 * {@link StrictMath}.
 */
final class Analytics {

  /** sqrt(π/2): a normal variable's standard deviation over its mean absolute deviation. */
  static final double K = 1.2533141373155003;

  private static final long HOUR_MS = 3_600_000L;
  private static final long SECOND_MS = 1_000L;

  /** The detectors' settings ({@code LAB_ANOMALY_*}). */
  record Params(
      int halflife,
      int warmup,
      double jumpThreshold,
      double jumpFloor,
      double volumeThreshold,
      double volumeFloor,
      int cooldownSeconds)
      implements Serializable {

    static final Params DEFAULTS = new Params(600, 300, 8.0, 0.00005, 6.0, 0.5, 30);

    /** Without a cool-down. */
    Params(
        int halflife,
        int warmup,
        double jumpThreshold,
        double jumpFloor,
        double volumeThreshold,
        double volumeFloor) {
      this(halflife, warmup, jumpThreshold, jumpFloor, volumeThreshold, volumeFloor, 0);
    }

    Params {
      if (cooldownSeconds < 0) {
        throw new IllegalArgumentException(
            "anomaly cool-down must be >= 0 s, got " + cooldownSeconds);
      }
      if (halflife < 1) {
        throw new IllegalArgumentException("anomaly half-life must be >= 1, got " + halflife);
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("anomaly warm-up must be >= 0, got " + warmup);
      }
      check("jump threshold", jumpThreshold, 0, false);
      check("jump floor", jumpFloor, 0, true);
      check("volume threshold", volumeThreshold, 0, false);
      check("volume floor", volumeFloor, 0, true);
    }

    private static void check(String what, double value, double min, boolean minAllowed) {
      if (Double.isNaN(value)
          || Double.isInfinite(value)
          || value < min
          || (value == min && !minAllowed)) {
        throw new IllegalArgumentException(
            "anomaly "
                + what
                + " must be finite and "
                + (minAllowed ? ">= " : "> ")
                + min
                + ", got "
                + value);
      }
    }

    /** {@code 1 − 2^(−1/halflife)}. */
    double alpha() {
      return 1.0 - StrictMath.pow(2.0, -1.0 / halflife);
    }
  }

  /**
   * One anomaly, as the {@code anomalies} table holds it.
   *
   * @param prevTsMs the previous 1 s candle's start for a jump; {@link Long#MIN_VALUE} for a spike
   * @param prevClose its close for a jump; NaN for a spike
   */
  record Anomaly(
      String kind,
      long tsMs,
      double score,
      double value,
      double baseline,
      double threshold,
      double close,
      double volume,
      long prevTsMs,
      double prevClose) {

    boolean isJump() {
      return kind.equals(Anomalies.PRICE_JUMP);
    }
  }

  /** An open hour's returns: how many and the sum of their squares, and its last close. */
  static final class HourReturns {
    long count;
    double sumSquares;
    double lastClose;

    /** {@code sqrt(Σ r²)}, 0.0 with no return. */
    double realizedVol() {
      return StrictMath.sqrt(sumSquares);
    }
  }

  private final Params params;
  private final double alpha;

  private boolean hasPrev;
  private long prevTsMs;
  private double prevClose;

  private long jumpN;
  private double jumpS;

  private long volumeN;
  private double volumeM;
  private double volumeD;

  /** Trade time before which an observation over the threshold is not raised, per kind. */
  private long jumpCoolUntil = Long.MIN_VALUE;

  private long volumeCoolUntil = Long.MIN_VALUE;

  /** Open hours by start. */
  private final TreeMap<Long, HourReturns> hours = new TreeMap<>();

  /** Gaps by lo, each hi: one may still meet a future observation. */
  private final List<GapSpan> gaps = new ArrayList<>();

  Analytics(Params params) {
    this.params = params;
    this.alpha = params.alpha();
  }

  Params params() {
    return params;
  }

  /** A recorded gap of the symbol: observations whose span meets it are skipped. */
  void gap(GapSpan span) {
    if (!gaps.contains(span)) {
      gaps.add(span);
    }
  }

  /** Gaps kept (those that can still meet an observation). */
  int gaps() {
    return gaps.size();
  }

  /** The returns of an open hour, null when the hour has no final 1 s candle. */
  HourReturns hour(long hourStartMs) {
    return hours.get(hourStartMs);
  }

  /** The hour is final: its returns leave the state. */
  void closeHour(long hourStartMs) {
    hours.remove(hourStartMs);
  }

  /**
   * A final 1 s candle (at least one counted trade), in time order: adds its return to its hour and
   * takes it in by the detectors.
   *
   * @param found receives each anomaly raised
   */
  void second(long tsMs, double close, double volume, java.util.function.Consumer<Anomaly> found) {
    if (hasPrev && tsMs <= prevTsMs) {
      throw new IllegalStateException(
          "1 s candle at " + tsMs + " after the one at " + prevTsMs + ": out of time order");
    }
    long hourStart = Math.floorDiv(tsMs, HOUR_MS) * HOUR_MS;
    HourReturns hour = hours.get(hourStart);
    double r = hasPrev ? StrictMath.log(close / prevClose) : Double.NaN;
    if (hour == null) {
      hour = new HourReturns();
      hours.put(hourStart, hour);
    } else {
      double inHour = StrictMath.log(close / hour.lastClose);
      hour.count++;
      hour.sumSquares = hour.sumSquares + inHour * inHour;
    }
    hour.lastClose = close;

    if (hasPrev && !meetsGap(prevTsMs, tsMs + SECOND_MS)) {
      jump(tsMs, r, close, volume, found);
    }
    if (volume > 0 && !meetsGap(tsMs, tsMs + SECOND_MS)) {
      spike(tsMs, close, volume, found);
    }
    hasPrev = true;
    prevTsMs = tsMs;
    prevClose = close;
    // A future price observation spans from this candle on: gaps that end before it are done.
    gaps.removeIf(span -> span.hi() < prevTsMs);
  }

  /** Whether a recorded gap meets {@code [fromMs, untilMs)}: {@code lo < until and hi >= from}. */
  private boolean meetsGap(long fromMs, long untilMs) {
    for (GapSpan span : gaps) {
      if (span.lo() < untilMs && span.hi() >= fromMs) {
        return true;
      }
    }
    return false;
  }

  private void jump(
      long tsMs,
      double r,
      double close,
      double volume,
      java.util.function.Consumer<Anomaly> found) {
    if (r == 0) {
      // Only a second whose close moved is observed: on a symbol trading at the tick most seconds
      // are unchanged, and counting them would make one tick look like a jump.
      return;
    }
    double a = Math.abs(r);
    if (jumpN >= params.warmup()) {
      double sigma = Math.max(K * jumpS, params.jumpFloor());
      double score = a / sigma;
      boolean cooling = tsMs < jumpCoolUntil;
      if (score >= params.jumpThreshold()) {
        jumpCoolUntil = tsMs + params.cooldownSeconds() * SECOND_MS;
      }
      if (score >= params.jumpThreshold() && !cooling) {
        found.accept(
            new Anomaly(
                Anomalies.PRICE_JUMP,
                tsMs,
                score,
                r,
                sigma,
                params.jumpThreshold(),
                close,
                volume,
                prevTsMs,
                prevClose));
      }
      a = Math.min(a, params.jumpThreshold() * sigma);
    }
    jumpS = jumpN == 0 ? a : jumpS + alpha * (a - jumpS);
    jumpN++;
  }

  private void spike(
      long tsMs, double close, double volume, java.util.function.Consumer<Anomaly> found) {
    double y = StrictMath.log(volume);
    if (volumeN >= params.warmup()) {
      double sd = Math.max(K * volumeD, params.volumeFloor());
      double score = (y - volumeM) / sd;
      boolean cooling = tsMs < volumeCoolUntil;
      if (score >= params.volumeThreshold()) {
        volumeCoolUntil = tsMs + params.cooldownSeconds() * SECOND_MS;
      }
      if (score >= params.volumeThreshold() && !cooling) {
        found.accept(
            new Anomaly(
                Anomalies.VOLUME_SPIKE,
                tsMs,
                score,
                volume,
                StrictMath.exp(volumeM),
                params.volumeThreshold(),
                close,
                volume,
                Long.MIN_VALUE,
                Double.NaN));
      }
      y = Math.min(y, volumeM + params.volumeThreshold() * sd);
    }
    if (volumeN == 0) {
      volumeM = y;
      volumeD = 0.0;
    } else {
      double dev = Math.abs(y - volumeM);
      volumeM = volumeM + alpha * (y - volumeM);
      volumeD = volumeD + alpha * (dev - volumeD);
    }
    volumeN++;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeBoolean(hasPrev);
    out.writeLong(prevTsMs);
    out.writeDouble(prevClose);
    out.writeLong(jumpN);
    out.writeDouble(jumpS);
    out.writeLong(volumeN);
    out.writeDouble(volumeM);
    out.writeDouble(volumeD);
    out.writeInt(hours.size());
    for (Map.Entry<Long, HourReturns> hour : hours.entrySet()) {
      out.writeLong(hour.getKey());
      out.writeLong(hour.getValue().count);
      out.writeDouble(hour.getValue().sumSquares);
      out.writeDouble(hour.getValue().lastClose);
    }
    out.writeInt(gaps.size());
    for (GapSpan span : gaps) {
      out.writeLong(span.lo());
      out.writeLong(span.hi());
    }
    out.writeLong(jumpCoolUntil);
    out.writeLong(volumeCoolUntil);
  }

  /** State {@link #write} wrote. */
  static Analytics read(DataInputStream in, Params params) throws IOException {
    return read(in, params, true);
  }

  /**
   * @param withCooldown false for state written before the cool-down (SymbolState format 2)
   */
  static Analytics read(DataInputStream in, Params params, boolean withCooldown)
      throws IOException {
    Analytics analytics = new Analytics(params);
    analytics.hasPrev = in.readBoolean();
    analytics.prevTsMs = in.readLong();
    analytics.prevClose = in.readDouble();
    analytics.jumpN = in.readLong();
    analytics.jumpS = in.readDouble();
    analytics.volumeN = in.readLong();
    analytics.volumeM = in.readDouble();
    analytics.volumeD = in.readDouble();
    int hours = in.readInt();
    for (int i = 0; i < hours; i++) {
      long start = in.readLong();
      HourReturns hour = new HourReturns();
      hour.count = in.readLong();
      hour.sumSquares = in.readDouble();
      hour.lastClose = in.readDouble();
      analytics.hours.put(start, hour);
    }
    int gaps = in.readInt();
    for (int i = 0; i < gaps; i++) {
      analytics.gaps.add(new GapSpan(in.readLong(), in.readLong()));
    }
    if (withCooldown) {
      analytics.jumpCoolUntil = in.readLong();
      analytics.volumeCoolUntil = in.readLong();
    }
    return analytics;
  }

  /** The hours with returns kept, for tests. */
  Iterator<Long> openHours() {
    return hours.keySet().iterator();
  }
}
