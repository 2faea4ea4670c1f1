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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks symbols against Finnhub's REST symbol lists before subscribing, so a typo is reported up
 * front instead of as an "Invalid symbol" frame later. Symbols with an exchange prefix ({@code
 * BINANCE:BTCUSDT}) are looked up in the crypto list, the others in the US stock list. The token
 * travels in the {@code X-Finnhub-Token} header, never in a URL that could be logged.
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
   * @param baseUrl REST base, e.g. {@code https://finnhub.io/api/v1} (paths {@code /stock/symbol}
   *     and {@code /crypto/symbol} are appended)
   */
  SymbolCatalog(URI baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The symbols of {@code requested} that Finnhub does not list, in the requested order. */
  List<String> unknown(List<String> requested) {
    Set<String> stocks = null;
    Set<String> crypto = null;
    List<String> missing = new ArrayList<>();
    for (String symbol : requested) {
      int colon = symbol.indexOf(':');
      if (colon < 0) {
        stocks = stocks != null ? stocks : symbols("/stock/symbol", "US");
        if (!stocks.contains(symbol)) {
          missing.add(symbol);
        }
      } else {
        String exchange = symbol.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (crypto == null) {
          crypto = symbols("/crypto/symbol", exchange);
        }
        if (!crypto.contains(symbol)) {
          missing.add(symbol);
        }
      }
    }
    return missing;
  }

  /** The {@code symbol} field of every entry of {@code /stock/symbol} or {@code /crypto/symbol}. */
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
