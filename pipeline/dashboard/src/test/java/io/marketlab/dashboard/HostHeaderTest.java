package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches the dashboard
 * with {@code Host: evil.example}. Requests go over a raw socket, since Java's HTTP client will not
 * set the Host header.
 */
class HostHeaderTest {

  private final ObjectMapper json = new ObjectMapper();
  private DashboardServer server;

  private void serve(DashboardConfig config) {
    server = new DashboardServer(new InMemoryMarketStore(List.of("AAPL")), config);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "Host: {0} -> 403")
  @ValueSource(strings = {"evil.example", "evil.example:PORT", "127.0.0.1.evil.example:PORT"})
  void a_request_for_another_host_should_be_refused_with_a_clear_body(String host)
      throws Exception {
    serve(DashboardConfig.defaults().withPort(0));
    for (String path : List.of("/api/symbols", "/", "/api/stream?symbol=AAPL")) {
      Answer answer = get(path, host.replace("PORT", Integer.toString(server.port())));

      assertThat(answer.status()).as(path).isEqualTo(403);
      JsonNode body = json.readTree(answer.body());
      assertThat(body.get("error").asText())
          .as(path)
          .startsWith("this dashboard does not serve host '" + host.replaceFirst(":PORT", ""))
          .contains("localhost, 127.0.0.1", "LAB_DASHBOARD_ALLOWED_HOSTS");
    }
  }

  @ParameterizedTest(name = "Host: {0} -> 200")
  @ValueSource(strings = {"127.0.0.1:PORT", "localhost:PORT", "LOCALHOST", "[::1]:PORT"})
  void a_request_for_a_loopback_name_should_be_served(String host) throws Exception {
    serve(DashboardConfig.defaults().withPort(0));
    Answer answer = get("/api/symbols", host.replace("PORT", Integer.toString(server.port())));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  @Test
  void a_configured_name_should_be_served_and_named_in_refusals() throws Exception {
    serve(DashboardConfig.defaults().withPort(0).withAllowedHosts(List.of("Dash.Example")));
    assertThat(get("/api/symbols", "dash.example:" + server.port()).status()).isEqualTo(200);
    Answer refused = get("/api/symbols", "evil.example");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(json.readTree(refused.body()).get("error").asText())
        .contains("localhost, 127.0.0.1, [::1], dash.example");
  }

  @Test
  void a_request_without_a_host_should_be_refused() throws Exception {
    serve(DashboardConfig.defaults().withPort(0));
    Answer answer = request("GET /api/symbols HTTP/1.0\r\n\r\n");
    assertThat(answer.status()).isEqualTo(403);
  }

  record Answer(int status, String body) {}

  private Answer get(String path, String host) throws IOException {
    return request("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  /** One request on a fresh connection; the answer read to its end (the server closes it). */
  private Answer request(String text) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
      String answer = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      int bodyStart = answer.indexOf("\r\n\r\n");
      String body = bodyStart < 0 ? "" : answer.substring(bodyStart + 4);
      if (answer.toLowerCase().contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new Answer(status, body);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return body.toString();
  }
}
