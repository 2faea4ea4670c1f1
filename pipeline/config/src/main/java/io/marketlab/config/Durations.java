package io.marketlab.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration parser of the lab (settings, command options, scenario files): {@code 500ms},
 * {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 1d}, a bare number of milliseconds, or
 * ISO-8601 ({@code PT10S}).
 */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      try {
        return nonNegative(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
      } catch (RuntimeException e) {
        throw bad(text);
      }
    }
    Matcher matcher = FORM.matcher(value);
    if (!matcher.matches()) {
      throw bad(text);
    }
    double amount = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    double millis =
        switch (unit) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          case "h" -> amount * 3_600_000;
          default -> amount * 86_400_000;
        };
    return Duration.ofMillis(Math.round(millis));
  }

  /**
   * The shortest of the same forms, e.g. {@code 1500 ms -> 1.5s}; {@code parse(format(d)) == d}.
   */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis >= 120_000) {
      return millis / 60_000 + "m";
    }
    if (millis >= 1_000) {
      return (millis % 1_000 == 0
              ? Long.toString(millis / 1_000)
              : Double.toString(millis / 1_000.0))
          + "s";
    }
    return millis + "ms";
  }

  private static Duration nonNegative(Duration duration, String text) {
    if (duration.isNegative()) {
      throw bad(text);
    }
    return duration;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "bad duration '" + text + "' (use e.g. 500ms, 10s, 1.5s, 2m, 1h)");
  }
}
