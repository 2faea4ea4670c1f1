package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.marketlab.layout.Tables.Anomalies;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnomalyWebhookTest {

  private static final Analytics.Anomaly JUMP =
      new Analytics.Anomaly(
          Anomalies.PRICE_JUMP,
          1_723_161_600_000L,
          9.5,
          0.01,
          0.001,
          8.0,
          101.0,
          3.0,
          1_723_161_599_000L,
          100.0);

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseFirst = new AtomicInteger();

  private String start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (refuseFirst.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(503, -1);
          } else {
            bodies.add(body);
            exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void an_anomaly_should_arrive_as_json_with_its_id_after_a_refused_attempt() throws Exception {
    AnomalyWebhook hook =
        new AnomalyWebhook(new AnomalyWebhook.Settings(start(), 2_000, 2, 10), false);
    refuseFirst.set(1);
    hook.post("BINANCE:BTCUSDT", JUMP);

    assertThat(hook.send(hook.take(1_000))).isTrue();

    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0))
        .startsWith("{\"id\":\"BINANCE:BTCUSDT|1723161600000|price_jump\",")
        .contains("\"ts\":\"2024-08-09T00:00:00Z\"")
        .contains("\"score\":9.5")
        .contains("\"prev_ts\":\"2024-08-08T23:59:59Z\"")
        .endsWith("\"prev_close\":100.0}");
  }

  @Test
  void a_full_queue_should_drop_its_oldest_and_give_up_after_the_retries() throws Exception {
    AnomalyWebhook hook =
        new AnomalyWebhook(new AnomalyWebhook.Settings(start(), 2_000, 1, 2), false);
    hook.post("A", JUMP);
    hook.post("B", JUMP);
    hook.post("C", JUMP);

    assertThat(hook.waiting()).isEqualTo(2);
    assertThat(hook.take(10)).contains("\"symbol\":\"B\"");
    refuseFirst.set(5);
    assertThat(hook.send(hook.take(10))).isFalse();
    assertThat(bodies).isEmpty();
  }

  @Test
  void should_refuse_a_url_it_cannot_post_to() {
    assertThatThrownBy(() -> new AnomalyWebhook.Settings("ftp://x/y", 1000, 1, 1))
        .hasMessageContaining("http(s)");
    assertThat(new AnomalyWebhook.Settings("", 1000, 1, 1).enabled()).isFalse();
  }
}
