package io.marketlab.ingest.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Shared bits of the ingest commands: duration parsing, the token, one-line failures. */
final class CliSupport {

  static final String TOKEN_ENV = "FINNHUB_TOKEN";

  private CliSupport() {}

  /** Accepts {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT60S}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  static Duration parseDuration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("pt") || value.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      switch (value.charAt(value.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // reported below with the expected forms
    }
    throw new CommandLine.TypeConversionException(
        "'" + text + "' is not a duration (use e.g. 500ms, 60s, 2m, 1h)");
  }

  /**
   * The Finnhub token from the environment. Required when talking to finnhub.io itself; a local
   * replay server accepts anything, so then it may be absent.
   */
  static String token(URI url) {
    String token = System.getenv(TOKEN_ENV);
    boolean finnhub = url.getHost() != null && url.getHost().endsWith("finnhub.io");
    if ((token == null || token.isBlank()) && finnhub) {
      throw new IllegalArgumentException(
          TOKEN_ENV + " is not set; it is needed to connect to " + url
              + " (or pass --url of a local replay server)");
    }
    return token;
  }

  /** One clear line on stderr, no stack trace: for failures the user can act on. */
  static int fail(Exception error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    System.err.println("error: " + message);
    return 1;
  }

  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already stopping; the hook runs anyway.
    }
  }
}
