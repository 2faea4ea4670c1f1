package io.marketlab.ingest;

import io.marketlab.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link FinnhubClient}.
 *
 * @param url websocket endpoint without the token (default {@code wss://ws.finnhub.io})
 * @param token API key, appended as {@code ?token=}; null or blank sends none (replay servers
 *     accept anything). Never logged. Only allowed with a URL {@code tokenPolicy} allows.
 * @param symbols symbols to subscribe on every connection, e.g. {@code BINANCE:BTCUSDT}, {@code
 *     AAPL}
 * @param silenceTimeout a connection that delivers no frame (not even a ping) for this long is
 *     considered dead and replaced (default 30 s)
 * @param connectTimeout handshake timeout (default 10 s)
 * @param backoff delays between reconnect attempts (default 250 ms doubling to 30 s, with jitter)
 * @param futureSkew a trade stamped more than this after its frame's receipt is rejected (default
 *     {@code lab.ingest.futureSkew}, 5 s)
 * @param receiptTimeline where a frame's receipt lies for that check (default the wall clock; a
 *     replay checks against the session's recorded receipts, {@link SessionTimeline})
 * @param tokenPolicy where the token may be sent (default: wss to the Finnhub hosts only)
 */
public record FinnhubClientConfig(
    URI url,
    String token,
    List<String> symbols,
    Duration silenceTimeout,
    Duration connectTimeout,
    BackoffPolicy backoff,
    Duration futureSkew,
    ReceiptTimeline receiptTimeline,
    TokenPolicy tokenPolicy) {

  public static final URI DEFAULT_URL = URI.create(Settings.FINNHUB_URL.parsedDefault());
  static final Duration DEFAULT_SILENCE_TIMEOUT = Settings.SILENCE_TIMEOUT.parsedDefault();
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_FUTURE_SKEW = Settings.INGEST_FUTURE_SKEW.parsedDefault();

  public FinnhubClientConfig {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "Finnhub url must be ws:// or wss://, got " + redact(url.toString()));
    }
    symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
    for (String symbol : symbols) {
      if (symbol == null || symbol.isBlank()) {
        throw new IllegalArgumentException("blank symbol in " + symbols);
      }
    }
    silenceTimeout = positive(silenceTimeout, DEFAULT_SILENCE_TIMEOUT, "silenceTimeout");
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    backoff = backoff == null ? BackoffPolicy.defaults() : backoff;
    futureSkew = futureSkew == null ? DEFAULT_FUTURE_SKEW : futureSkew;
    if (futureSkew.isNegative()) {
      throw new IllegalArgumentException("futureSkew must be >= 0, got " + futureSkew);
    }
    receiptTimeline = receiptTimeline == null ? ReceiptTimeline.wallClock() : receiptTimeline;
    tokenPolicy = tokenPolicy == null ? TokenPolicy.defaults() : tokenPolicy;
    if (hasToken(token)) {
      tokenPolicy.check(url);
    }
  }

  /** Defaults for everything but the endpoint, token and symbols. */
  public static FinnhubClientConfig of(URI url, String token, List<String> symbols) {
    return new FinnhubClientConfig(url, token, symbols, null, null, null, null, null, null);
  }

  public FinnhubClientConfig withSilenceTimeout(Duration value) {
    return new FinnhubClientConfig(
        url,
        token,
        symbols,
        value,
        connectTimeout,
        backoff,
        futureSkew,
        receiptTimeline,
        tokenPolicy);
  }

  FinnhubClientConfig withBackoff(BackoffPolicy value) {
    return new FinnhubClientConfig(
        url,
        token,
        symbols,
        silenceTimeout,
        connectTimeout,
        value,
        futureSkew,
        receiptTimeline,
        tokenPolicy);
  }

  FinnhubClientConfig withSymbols(List<String> value) {
    return new FinnhubClientConfig(
        url,
        token,
        value,
        silenceTimeout,
        connectTimeout,
        backoff,
        futureSkew,
        receiptTimeline,
        tokenPolicy);
  }

  public FinnhubClientConfig withFutureSkew(Duration value) {
    return new FinnhubClientConfig(
        url,
        token,
        symbols,
        silenceTimeout,
        connectTimeout,
        backoff,
        value,
        receiptTimeline,
        tokenPolicy);
  }

  public FinnhubClientConfig withReceiptTimeline(ReceiptTimeline value) {
    return new FinnhubClientConfig(
        url,
        token,
        symbols,
        silenceTimeout,
        connectTimeout,
        backoff,
        futureSkew,
        value,
        tokenPolicy);
  }

  /** Another token policy; the URL and token are checked against it. */
  public static FinnhubClientConfig of(
      URI url, String token, List<String> symbols, TokenPolicy tokenPolicy) {
    return new FinnhubClientConfig(url, token, symbols, null, null, null, null, null, tokenPolicy);
  }

  static boolean hasToken(String token) {
    return token != null && !token.isBlank();
  }

  /** The URL with any token in its query replaced by {@code ***}: safe for logs. */
  public String redactedUrl() {
    return redact(url.toString());
  }

  static String redact(String text) {
    return text.replaceAll("(?i)(token=)[^&\\s]*", "$1***");
  }

  @Override
  public String toString() {
    return "FinnhubClientConfig[url="
        + redactedUrl()
        + ", token="
        + (hasToken(token) ? "***" : "none")
        + ", symbols="
        + symbols
        + ", silenceTimeout="
        + silenceTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", backoff="
        + backoff
        + ", futureSkew="
        + futureSkew
        + "]";
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }
}
