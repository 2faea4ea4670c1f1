package io.marketlab.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one hour of a symbol compares with the hour before it and with the same hour of earlier days
 * (docs/ANALYTICS.md): for each {@link Metric}, the absolute change {@code current − base} and the
 * percent change {@code (current − base) / base * 100.0} (none when the base is 0), computed in
 * that order of operations. The dashboard serves it from the {@link Tables.Hourly} partition; the
 * independent reference in {@code scenarios/} has its own copy of the rule.
 */
public final class HourlyComparison {

  /** An hour's figures as the {@code hourly} table holds them. */
  public record Hour(
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

  /** The figures compared, in the order they are listed. */
  public enum Metric {
    CLOSE("close"),
    VOLUME("volume"),
    VWAP("vwap"),
    TRADE_COUNT("trade_count"),
    RANGE("range"),
    REALIZED_VOL("realized_vol");

    private final String column;

    Metric(String column) {
      this.column = column;
    }

    /** The {@code hourly} column, also the metric's name in the API. */
    public String column() {
      return column;
    }

    public double of(Hour hour) {
      return switch (this) {
        case CLOSE -> hour.close();
        case VOLUME -> hour.volume();
        case VWAP -> hour.vwap();
        case TRADE_COUNT -> hour.tradeCount();
        case RANGE -> hour.range();
        case REALIZED_VOL -> hour.realizedVol();
      };
    }
  }

  /** One metric against one base hour; {@code percent} is null when the base is 0. */
  public record Change(
      Metric metric, double current, double base, double absolute, Double percent) {}

  /**
   * The comparison with one earlier hour.
   *
   * @param kind {@link #PREVIOUS_HOUR} or {@link #SAME_HOUR}
   * @param hoursAgo 1 for the previous hour, 24 × days for the same hour of an earlier day
   */
  public record Against(String kind, int hoursAgo, long baseHourStartMs, List<Change> changes) {}

  public static final String PREVIOUS_HOUR = "previous_hour";
  public static final String SAME_HOUR = "same_hour";

  /** How many earlier days the same hour is looked for in. */
  public static final int DAYS_BACK = 7;

  public static final long HOUR_MS = 3_600_000L;
  public static final long DAY_MS = 24 * HOUR_MS;

  private HourlyComparison() {}

  /**
   * The comparisons of {@code current} with the earlier hours of {@code byStart} (the symbol's
   * hours by start): the previous hour, then the same hour 1 to {@link #DAYS_BACK} days earlier,
   * each only where that hour exists.
   */
  public static List<Against> compare(Hour current, Map<Long, Hour> byStart) {
    List<Against> result = new ArrayList<>();
    Hour previous = byStart.get(current.hourStartMs() - HOUR_MS);
    if (previous != null) {
      result.add(against(PREVIOUS_HOUR, 1, current, previous));
    }
    for (int days = 1; days <= DAYS_BACK; days++) {
      Hour same = byStart.get(current.hourStartMs() - days * DAY_MS);
      if (same != null) {
        result.add(against(SAME_HOUR, 24 * days, current, same));
      }
    }
    return result;
  }

  private static Against against(String kind, int hoursAgo, Hour current, Hour base) {
    List<Change> changes = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      changes.add(change(metric, metric.of(current), metric.of(base)));
    }
    return new Against(kind, hoursAgo, base.hourStartMs(), List.copyOf(changes));
  }

  /**
   * The change of one metric: {@code current − base}, and {@code (current − base) / base * 100.0}.
   */
  public static Change change(Metric metric, double current, double base) {
    double absolute = current - base;
    Double percent = base == 0 ? null : (current - base) / base * 100.0;
    return new Change(metric, current, base, absolute, percent);
  }
}
