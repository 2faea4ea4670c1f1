package io.marketlab.ingest.cli;

import io.marketlab.config.Durations;
import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine;

/** Shared bits of the ingest commands: duration parsing, the token, one-line failures. */
final class CliSupport {

  static final String TOKEN_ENV = Settings.FINNHUB_TOKEN.environmentVariable();

  private CliSupport() {}

  /** Accepts {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT60S}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  /** The lab's one duration parser ({@link Durations}), as a picocli conversion error. */
  static Duration parseDuration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a duration (use e.g. 500ms, 60s, 2m, 1h)");
    }
  }

  /**
   * The Finnhub token from the environment. Required when talking to finnhub.io itself; a local
   * replay server accepts anything, so then it may be absent.
   */
  static String token(URI url) {
    String token = LabSettings.loadAnywhere().text(Settings.FINNHUB_TOKEN);
    boolean finnhub = url.getHost() != null && url.getHost().endsWith("finnhub.io");
    if ((token == null || token.isBlank()) && finnhub) {
      throw new IllegalArgumentException(
          TOKEN_ENV
              + " is not set; it is needed to connect to "
              + url
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
