package io.marketlab.ingest.cli;

import io.marketlab.config.Durations;
import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.ingest.FinnhubClientConfig;
import io.marketlab.ingest.TokenPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
   * A client configuration for {@code url} with the token and token policy of the settings in
   * force. The token is required for a Finnhub host ({@code lab.finnhub.tokenHosts}); it is left
   * out for a loopback URL (the lab's own replay server accepts anything) unless {@code
   * lab.finnhub.insecureToken} is set; any other URL it may not go to is a clear error.
   */
  static FinnhubClientConfig clientConfig(URI url, List<String> symbols) {
    return clientConfig(url, symbols, null);
  }

  /** The same with {@code token} in place of the settings' token, unless it is null. */
  static FinnhubClientConfig clientConfig(URI url, List<String> symbols, String token) {
    LabSettings settings = LabSettings.loadAnywhere();
    if (token != null) {
      settings = settings.with(Settings.FINNHUB_TOKEN, token);
    }
    return FinnhubClientConfig.of(url, token(url, settings), symbols, TokenPolicy.from(settings));
  }

  static String token(URI url, LabSettings settings) {
    String token = settings.text(Settings.FINNHUB_TOKEN);
    boolean hasToken = token != null && !token.isBlank();
    String host = url.getHost() == null ? "" : url.getHost();
    boolean finnhub = false;
    for (String allowed : settings.get(Settings.FINNHUB_TOKEN_HOSTS)) {
      finnhub |= allowed.equalsIgnoreCase(host);
    }
    if (!hasToken && finnhub) {
      throw new IllegalArgumentException(
          TOKEN_ENV
              + " is not set; it is needed to connect to "
              + url
              + " (or pass --url of a local replay server)");
    }
    if (hasToken
        && !finnhub
        && isLoopback(host)
        && !settings.get(Settings.FINNHUB_INSECURE_TOKEN)) {
      return null;
    }
    return token;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  /** One clear line on stderr, no stack trace: for failures the user can act on. */
  static int fail(Exception error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    System.err.println("error: " + message);
    return 1;
  }

  /** Removes the hook; false when the JVM is already stopping (the hook runs anyway). */
  static boolean removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }
}
