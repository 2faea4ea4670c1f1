package io.marketlab.importers;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Which trades to keep, by trade time: from (inclusive) to (exclusive). Each bound is either a time
 * of day ({@code 09:30}, {@code 09:30:15.5}) in the window's zone, applied to every day, or an ISO
 * instant ({@code 2024-08-08T23:57:00Z}). A null bound is open.
 */
public final class TimeWindow {

  /** Default zone for time-of-day bounds: US equity data is stamped in New York time. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/New_York");

  /** Every trade. */
  static final TimeWindow ALL = new TimeWindow(null, null, DEFAULT_ZONE);

  private final String fromText;
  private final String toText;
  private final ZoneId zone;
  private final Object from;
  private final Object to;

  private TimeWindow(String fromText, String toText, ZoneId zone) {
    this.fromText = fromText;
    this.toText = toText;
    this.zone = Objects.requireNonNull(zone, "zone");
    this.from = parse(fromText, "--from");
    this.to = parse(toText, "--to");
  }

  /** A window; null or blank bounds are open, a null zone means {@link #DEFAULT_ZONE}. */
  public static TimeWindow of(String from, String to, ZoneId zone) {
    return new TimeWindow(blankToNull(from), blankToNull(to), zone == null ? DEFAULT_ZONE : zone);
  }

  boolean isAll() {
    return from == null && to == null;
  }

  boolean contains(long timeMs) {
    if (from != null && compare(timeMs, from) < 0) {
      return false;
    }
    return to == null || compare(timeMs, to) < 0;
  }

  private int compare(long timeMs, Object bound) {
    if (bound instanceof Instant instant) {
      return Long.compare(timeMs, instant.toEpochMilli());
    }
    LocalTime timeOfDay = Instant.ofEpochMilli(timeMs).atZone(zone).toLocalTime();
    return timeOfDay.compareTo((LocalTime) bound);
  }

  private static Object parse(String text, String option) {
    if (text == null) {
      return null;
    }
    try {
      if (text.contains("T")) {
        return Instant.parse(text);
      }
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new ImportException(
          option
              + " '"
              + text
              + "' is neither a time of day (09:30, 09:30:15) nor an instant"
              + " (2024-08-08T23:57:00Z)");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }

  @Override
  public String toString() {
    if (isAll()) {
      return "all";
    }
    String zoneText = (from instanceof LocalTime || to instanceof LocalTime) ? " " + zone : "";
    return "["
        + (fromText == null ? "start" : fromText)
        + ", "
        + (toText == null ? "end" : toText)
        + ")"
        + zoneText;
  }
}
