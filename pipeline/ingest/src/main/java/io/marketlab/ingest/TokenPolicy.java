package io.marketlab.ingest;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where the Finnhub token may go: only over {@code wss://} or {@code https://}, only to the
 * configured Finnhub hosts ({@code lab.finnhub.tokenHosts}), unless {@code
 * lab.finnhub.insecureToken} says otherwise. Anything else is refused with a clear error before a
 * byte is sent, so a mistyped or hostile {@code --url} never receives the key in clear text or at
 * all.
 *
 * @param hosts host names (exact, case-insensitive) that may receive the token
 * @param insecure send the token to any URL, plain {@code ws://} and {@code http://} included
 */
public record TokenPolicy(List<String> hosts, boolean insecure) {

  public TokenPolicy {
    hosts = List.copyOf(hosts);
  }

  /** The registry's defaults: wss/https to {@code ws.finnhub.io} and {@code finnhub.io} only. */
  public static TokenPolicy defaults() {
    return new TokenPolicy(
        Settings.FINNHUB_TOKEN_HOSTS.parsedDefault(),
        Settings.FINNHUB_INSECURE_TOKEN.parsedDefault());
  }

  /** The policy in force in {@code settings}. */
  public static TokenPolicy from(LabSettings settings) {
    return new TokenPolicy(
        settings.get(Settings.FINNHUB_TOKEN_HOSTS), settings.get(Settings.FINNHUB_INSECURE_TOKEN));
  }

  /** Whether the token may be sent to {@code url}. */
  public boolean allows(URI url) {
    if (insecure) {
      return true;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("wss") && !scheme.equals("https")) {
      return false;
    }
    String host = url.getHost();
    if (host == null) {
      return false;
    }
    for (String allowed : hosts) {
      if (allowed.equalsIgnoreCase(host)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws IllegalArgumentException naming the URL (its token redacted) and the settings that
   *     would allow it, when the token may not go there
   */
  public void check(URI url) {
    if (allows(url)) {
      return;
    }
    throw new IllegalArgumentException(
        "refusing to send the Finnhub token to "
            + FinnhubClientConfig.redact(url.toString())
            + ": it goes only over wss:// or https:// to "
            + String.join(", ", hosts)
            + " ("
            + Settings.FINNHUB_TOKEN_HOSTS.environmentVariable()
            + "); unset "
            + Settings.FINNHUB_TOKEN.environmentVariable()
            + " for a local replay server, or set "
            + Settings.FINNHUB_INSECURE_TOKEN.environmentVariable()
            + "=true to send it anyway");
  }
}
