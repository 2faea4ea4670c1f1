package io.marketlab.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.marketlab.layout.HourlyComparison.Against;
import io.marketlab.layout.HourlyComparison.Change;
import io.marketlab.layout.HourlyComparison.Hour;
import io.marketlab.layout.HourlyComparison.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HourlyComparisonTest {

  private static final long H = HourlyComparison.HOUR_MS;
  private static final long T = 1_700_000_000_000L / H * H;

  private static Hour hour(long start, double close, double volume, long count) {
    return new Hour(
        start, close, close + 1, close - 1, close, volume, close, count, 2, 0.01, 10, true);
  }

  @Test
  void comparesWithThePreviousHourAndTheSameHourOfEarlierDays() {
    Map<Long, Hour> hours = new HashMap<>();
    Hour now = hour(T, 110, 50, 20);
    hours.put(T, now);
    hours.put(T - H, hour(T - H, 100, 40, 0));
    hours.put(T - 24 * H, hour(T - 24 * H, 88, 0, 10));
    hours.put(T - 3 * 24 * H, hour(T - 3 * 24 * H, 55, 25, 5));
    hours.put(T - 8 * 24 * H, hour(T - 8 * 24 * H, 1, 1, 1)); // beyond DAYS_BACK

    List<Against> comparisons = HourlyComparison.compare(now, hours);

    assertEquals(3, comparisons.size());
    Against previous = comparisons.get(0);
    assertEquals(HourlyComparison.PREVIOUS_HOUR, previous.kind());
    assertEquals(1, previous.hoursAgo());
    Change close = previous.changes().get(Metric.CLOSE.ordinal());
    assertEquals(10.0, close.absolute());
    assertEquals((110.0 - 100.0) / 100.0 * 100.0, close.percent());
    assertNull(
        previous.changes().get(Metric.TRADE_COUNT.ordinal()).percent(), "base 0: no percent");
    assertEquals(24, comparisons.get(1).hoursAgo());
    assertNull(comparisons.get(1).changes().get(Metric.VOLUME.ordinal()).percent());
    assertEquals(72, comparisons.get(2).hoursAgo());
    assertEquals(T - 3 * 24 * H, comparisons.get(2).baseHourStartMs());
    assertEquals(100.0, comparisons.get(2).changes().get(Metric.VOLUME.ordinal()).percent());
  }

  @Test
  void anHourWithNoEarlierHoursHasNoComparisons() {
    Hour alone = hour(T, 1, 1, 1);
    assertTrue(HourlyComparison.compare(alone, Map.of(T, alone)).isEmpty());
  }
}
