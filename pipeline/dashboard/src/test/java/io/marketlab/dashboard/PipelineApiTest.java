package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pipeline API without a Kafka broker: its parameters are checked before Kafka is asked (400
 * naming the parameter), a dashboard without Kafka and a Kafka nobody listens on are 503 with a
 * clear reason and no internals, and the summary still answers with each engine's state. What Kafka
 * holds is checked against a real broker in PipelinePageIT (tests module).
 */
class PipelineApiTest {

  @TempDir Path work;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private DashboardServer server;

  private void serve(PipelineConfig pipeline) {
    server =
        new DashboardServer(
            new InMemoryMarketStore(List.of("AAPL")),
            DashboardConfig.defaults().withPort(0),
            pipeline);
  }

  /** A Kafka that is not there: a port just freed, nobody listening. */
  private PipelineConfig kafkaDown() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return PipelineConfig.forRun("127.0.0.1:" + port, "trades.run", work.resolve("checkpoint"))
        .withKafkaTimeout(Duration.ofMillis(800));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0} -> 400 {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/pipeline/messages?limit=0|limit|parameter 'limit' must be 1..100, got 0",
        "/api/pipeline/messages?limit=101|limit|parameter 'limit' must be 1..100, got 101",
        "/api/pipeline/messages?partition=-1|partition|parameter 'partition' must be 0..2147483647, got -1",
        "/api/pipeline/messages?partition=x|partition|parameter 'partition' must be a whole number, got 'x'",
        "/api/pipeline/messages?offset=5|offset|parameter 'offset' needs 'partition': offsets are per partition",
        "/api/pipeline/messages?partition=0&offset=-3|offset|parameter 'offset' must be 0..9223372036854775807, got -3",
        "/api/pipeline/messages?order=sideways|order|parameter 'order' must be newest or oldest, got 'sideways'",
        "/api/pipeline/messages?topic=trades.run.dlq|topic|topic 'trades.run.dlq' holds dead letters (raw frames): ask /api/pipeline/dead-letters",
        "/api/pipeline/topics?topic=a%20b|topic|parameter 'topic' must be a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -), got 'a b'",
        "/api/pipeline/dead-letters?limit=1000|limit|parameter 'limit' must be 1..100, got 1000",
      })
  void a_bad_parameter_should_be_a_400_naming_it_before_kafka_is_asked(
      String path, String parameter, String error) throws Exception {
    serve(kafkaDown());

    HttpResponse<String> answer = get(path);

    assertThat(answer.statusCode()).isEqualTo(400);
    JsonNode body = json.readTree(answer.body());
    assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    assertThat(body.get("error").asText()).isEqualTo(error);
  }

  @Test
  void kafka_down_should_be_a_503_saying_so_without_hosts_or_client_errors() throws Exception {
    PipelineConfig config = kafkaDown();
    serve(config);

    for (String path :
        List.of(
            "/api/pipeline/topics",
            "/api/pipeline/messages",
            "/api/pipeline/dead-letters?partition=0")) {
      HttpResponse<String> answer = get(path);

      assertThat(answer.statusCode()).as(path).isEqualTo(503);
      JsonNode body = json.readTree(answer.body());
      assertThat(body.get("error").asText())
          .as(path)
          .startsWith(KafkaPipeline.DID_NOT_ANSWER + "; error id ")
          .doesNotContain(config.bootstrap(), "Exception");
      assertThat(body.get("errorId").asText()).hasSize(8);
    }
  }

  @Test
  void a_dashboard_without_kafka_should_say_the_pipeline_page_is_off() throws Exception {
    serve(PipelineConfig.none());

    HttpResponse<String> answer = get("/api/pipeline/topics");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(json.readTree(answer.body()).get("error").asText()).isEqualTo(PipelineApi.OFF);
  }

  @Test
  void the_summary_should_answer_with_each_engine_state_while_kafka_is_down() throws Exception {
    PipelineConfig config = kafkaDown();
    Path status = config.statusPath();
    Files.createDirectories(status.getParent());
    Files.writeString(
        status,
        "{\"query\":\"q\",\"state\":\"running\",\"detail\":\"processing\",\"pid\":1,"
            + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\""
            + Instant.now()
            + "\",\"cassandra\":{\"reachable\":true}}");
    serve(config);

    HttpResponse<String> answer = get("/api/pipeline/summary");

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode engines = json.readTree(answer.body()).get("engines");
    assertThat(engines).hasSize(3);
    assertThat(engines.get(0).get("name").asText()).isEqualTo("kafka");
    assertThat(engines.get(0).get("state").asText()).isEqualTo("down");
    assertThat(engines.get(0).get("detail").asText()).startsWith(KafkaPipeline.DID_NOT_ANSWER);
    assertThat(engines.get(1).get("name").asText()).isEqualTo("cassandra");
    assertThat(engines.get(1).get("state").asText()).isEqualTo("up");
    assertThat(engines.get(2).get("name").asText()).isEqualTo("processor");
    assertThat(engines.get(2).get("state").asText()).isEqualTo("up");
    JsonNode latency = json.readTree(answer.body()).get("latency");
    assertThat(latency.get("sampleCount").asInt()).isZero();
  }

  @Test
  void a_prometheus_that_does_not_answer_should_be_listed_down() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    serve(kafkaDown().withPrometheus("http://127.0.0.1:" + port));

    JsonNode engines = json.readTree(get("/api/pipeline/summary").body()).get("engines");

    assertThat(engines.get(3).get("name").asText()).isEqualTo("prometheus");
    assertThat(engines.get(3).get("state").asText()).isEqualTo("down");
    assertThat(engines.get(3).get("detail").asText()).isEqualTo("does not answer");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
