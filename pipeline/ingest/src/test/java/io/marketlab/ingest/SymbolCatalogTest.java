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
                "[{\"description\":\"Binance BTCUSDT\",\"displaySymbol\":\"BTC/USDT\",\"symbol\":\"BINANCE:BTCUSDT\"}]"));
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

  private SymbolCatalog catalog() {
    return new SymbolCatalog(
        URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1"), "zq-secret-9");
  }

  @Test
  void should_list_the_symbols_finnhub_does_not_know_in_request_order() {
    List<String> unknown =
        catalog().unknown(List.of("AAPL", "NOPE", "BINANCE:BTCUSDT", "BINANCE:XXXUSDT", "SPY"));

    assertThat(unknown).containsExactly("NOPE", "BINANCE:XXXUSDT");
    assertThat(queries)
        .containsExactly(
            "/api/v1/stock/symbol?exchange=US", "/api/v1/crypto/symbol?exchange=binance");
    assertThat(tokens).containsOnly("zq-secret-9");
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
