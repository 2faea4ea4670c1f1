package io.marketlab.scenarios.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in scenario files: {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private Durations() {}

  /** @throws IllegalArgumentException naming the text and the accepted forms */
  public static Duration parse(String text) {
    Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("bad duration '" + text + "' (use e.g. 500ms, 10s, 1.5s, 2m, 1h)");
    }
    double value = Double.parseDouble(matcher.group(1));
    double millis = switch (matcher.group(2)) {
      case "ms" -> value;
      case "s" -> value * 1_000;
      case "m" -> value * 60_000;
      default -> value * 3_600_000;
    };
    return Duration.ofMillis(Math.round(millis));
  }

  /** The shortest of the same forms, e.g. {@code 1500 ms -> 1.5s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis >= 120_000) {
      return millis / 60_000 + "m";
    }
    if (millis >= 1_000) {
      return (millis % 1_000 == 0 ? Long.toString(millis / 1_000) : Double.toString(millis / 1_000.0)) + "s";
    }
    return millis + "ms";
  }
}
