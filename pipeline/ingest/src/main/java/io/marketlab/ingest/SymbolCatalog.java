package io.marketlab.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks symbols against Finnhub's REST symbol lists before subscribing, so a typo is reported up
 * front instead of as an "Invalid symbol" frame later. Symbols without an exchange prefix are
 * looked up in the US stock list; each exchange named by a prefix ({@code BINANCE:BTCUSDT}, {@code
 * OANDA:EUR_USD}) in its crypto list, and in its forex list for what the crypto list lacks. The
 * token travels in the {@code X-Finnhub-Token} header, never in a URL that could be logged, and
 * only to a base URL the {@link TokenPolicy} allows (https to the Finnhub hosts).
 */
final class SymbolCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(SymbolCatalog.class);

  /** Default REST base URL. */
  static final URI DEFAULT_BASE_URL = URI.create("https://finnhub.io/api/v1");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUrl;
  private final String token;
  private final HttpClient http;

  /**
   * @param baseUrl REST base, e.g. {@code https://finnhub.io/api/v1} (paths {@code /stock/symbol},
   *     {@code /crypto/symbol} and {@code /forex/symbol} are appended)
   * @throws IllegalArgumentException when a token is given and {@code policy} does not allow
   *     sending it to {@code baseUrl}
   */
  SymbolCatalog(URI baseUrl, String token, TokenPolicy policy) {
    if (FinnhubClientConfig.hasToken(token)) {
      policy.check(baseUrl);
    }
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The symbols of {@code requested} that Finnhub does not list, in the requested order. */
  List<String> unknown(List<String> requested) {
    // Each list is fetched once, whatever the number of its symbols.
    Map<String, Set<String>> lists = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String symbol : requested) {
      int colon = symbol.indexOf(':');
      if (colon < 0) {
        if (!lists
            .computeIfAbsent("/stock/symbol?US", key -> symbols("/stock/symbol", "US"))
            .contains(symbol)) {
          missing.add(symbol);
        }
        continue;
      }
      String exchange = symbol.substring(0, colon).toLowerCase(Locale.ROOT);
      if (!exchange.matches("[a-z0-9_-]+")) {
        missing.add(symbol);
        continue;
      }
      boolean listed =
          lists
                  .computeIfAbsent(
                      "/crypto/symbol?" + exchange, key -> symbols("/crypto/symbol", exchange))
                  .contains(symbol)
              || lists
                  .computeIfAbsent(
                      "/forex/symbol?" + exchange, key -> symbols("/forex/symbol", exchange))
                  .contains(symbol);
      if (!listed) {
        missing.add(symbol);
      }
    }
    return missing;
  }

  /** The {@code symbol} field of every entry of a symbol list ({@code /stock/symbol}, ...). */
  Set<String> symbols(String path, String exchange) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    URI uri = URI.create(base + path + "?exchange=" + exchange);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (token != null && !token.isBlank()) {
      request.header("X-Finnhub-Token", token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FinnhubException("symbol list " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FinnhubException("interrupted while fetching " + uri, e);
    }
    if (response.statusCode() == 401) {
      throw new FinnhubException.Unauthorized(
          "Finnhub refused the API token (HTTP 401 from " + uri + "): check FINNHUB_TOKEN", null);
    }
    if (response.statusCode() != 200) {
      throw new FinnhubException("symbol list " + uri + " answered HTTP " + response.statusCode());
    }
    Set<String> symbols = new HashSet<>();
    try {
      JsonNode root = JSON.readTree(response.body());
      if (root == null || !root.isArray()) {
        throw new FinnhubException("symbol list " + uri + " is not a JSON array");
      }
      for (JsonNode entry : root) {
        JsonNode symbol = entry.get("symbol");
        if (symbol != null && symbol.isTextual()) {
          symbols.add(symbol.asText());
        }
      }
    } catch (IOException e) {
      throw new FinnhubException("symbol list " + uri + " is not valid JSON: " + e.getMessage(), e);
    }
    LOG.info("{} lists {} symbols", uri, symbols.size());
    return symbols;
  }
}
