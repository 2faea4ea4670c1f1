package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SymbolCatalogTest {

  private HttpServer http;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/api/v1/stock/symbol",
        exchange ->
            answer(
                exchange,
                "[{\"currency\":\"USD\",\"description\":\"APPLE INC\",\"displaySymbol\":\"AAPL\",\"symbol\":\"AAPL\"},"
                    + "{\"description\":\"SPDR S&P 500\",\"displaySymbol\":\"SPY\",\"symbol\":\"SPY\"}]"));
    http.createContext(
        "/api/v1/crypto/symbol",
        exchange ->
            answer(
                exchange,
                switch (exchange.getRequestURI().getQuery()) {
                  case "exchange=binance" ->
                      "[{\"description\":\"Binance BTCUSDT\",\"displaySymbol\":\"BTC/USDT\",\"symbol\":\"BINANCE:BTCUSDT\"}]";
                  case "exchange=coinbase" ->
                      "[{\"displaySymbol\":\"BTC/USD\",\"symbol\":\"COINBASE:BTC-USD\"}]";
                  default -> "[]";
                }));
    http.createContext(
        "/api/v1/forex/symbol",
        exchange ->
            answer(
                exchange,
                exchange.getRequestURI().getQuery().equals("exchange=oanda")
                    ? "[{\"displaySymbol\":\"EUR/USD\",\"symbol\":\"OANDA:EUR_USD\"}]"
                    : "[]"));
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  private void answer(HttpExchange exchange, String body) throws IOException {
    queries.add(exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getQuery());
    tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Finnhub-Token")));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (status != 200) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1");
  }

  /** The test server speaks plain http, so it needs the explicit insecure policy. */
  private SymbolCatalog catalog() {
    return new SymbolCatalog(base(), "zq-secret-9", new TokenPolicy(List.of(), true));
  }

  @Test
  void should_list_the_symbols_finnhub_does_not_know_in_request_order() {
    List<String> unknown =
        catalog().unknown(List.of("AAPL", "NOPE", "BINANCE:BTCUSDT", "BINANCE:XXXUSDT", "SPY"));

    assertThat(unknown).containsExactly("NOPE", "BINANCE:XXXUSDT");
    assertThat(queries)
        .containsExactly(
            "/api/v1/stock/symbol?exchange=US",
            "/api/v1/crypto/symbol?exchange=binance",
            "/api/v1/forex/symbol?exchange=binance");
    assertThat(tokens).containsOnly("zq-secret-9");
  }

  @Test
  void should_look_up_each_exchange_named_by_the_symbols_in_its_own_list() {
    // Before: every prefixed symbol was checked against the first exchange's crypto list, so
    // COINBASE:BTC-USD and OANDA:EUR_USD were reported unknown.
    List<String> unknown =
        catalog()
            .unknown(
                List.of(
                    "COINBASE:BTC-USD",
                    "BINANCE:BTCUSDT",
                    "OANDA:EUR_USD",
                    "COINBASE:BTCUSDT",
                    "BINANCE:ETHUSDT"));

    assertThat(unknown).containsExactly("COINBASE:BTCUSDT", "BINANCE:ETHUSDT");
    assertThat(queries)
        .containsExactlyInAnyOrder(
            "/api/v1/crypto/symbol?exchange=coinbase",
            "/api/v1/forex/symbol?exchange=coinbase",
            "/api/v1/crypto/symbol?exchange=binance",
            "/api/v1/forex/symbol?exchange=binance",
            "/api/v1/crypto/symbol?exchange=oanda",
            "/api/v1/forex/symbol?exchange=oanda");
  }

  @Test
  void should_refuse_to_send_the_token_over_plain_http_or_to_another_host() {
    // Before: the token went in a header to whatever base URL was given.
    assertThatThrownBy(() -> new SymbolCatalog(base(), "zq-secret-9", TokenPolicy.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to send the Finnhub token to http://127.0.0.1:")
        .hasMessageContaining("LAB_FINNHUB_INSECURE_TOKEN")
        .hasMessageNotContaining("zq-secret-9");
    assertThatThrownBy(
            () ->
                new SymbolCatalog(
                    URI.create("https://finnhub.io.evil.example/api/v1"),
                    "zq-secret-9",
                    TokenPolicy.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(queries).isEmpty();

    // Without a token there is nothing to protect: a local list server is fine.
    assertThat(new SymbolCatalog(base(), null, TokenPolicy.defaults()).unknown(List.of("AAPL")))
        .isEmpty();
    assertThat(tokens).containsExactly("null");
  }

  @Test
  void should_report_a_refused_token_clearly() {
    status = 401;

    assertThatThrownBy(() -> catalog().unknown(List.of("AAPL")))
        .isInstanceOf(FinnhubException.Unauthorized.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("zq-secret-9");
  }
}
