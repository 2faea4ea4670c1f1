package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor's metrics: the lag arithmetic, the target file, and what /metrics serves. */
class ProcessorMetricsTest {

  @TempDir Path dir;

  @Test
  void the_lag_should_be_latest_minus_end_summed_over_partitions() {
    assertThat(
            MetricsListener.behind(
                "{\"trades\":{\"0\":120,\"1\":40}}", "{\"trades\":{\"0\":100,\"1\":40}}"))
        .isEqualTo(20);
    // a partition the batch has not read yet counts from nothing; an end past latest counts 0
    assertThat(MetricsListener.behind("{\"t\":{\"0\":5,\"1\":7}}", "{\"t\":{\"0\":9}}")).isZero();
    assertThat(MetricsListener.behind(null, "{\"t\":{\"0\":9}}")).isEqualTo(-1);
    assertThat(MetricsListener.behind("not json", "{}")).isEqualTo(-1);
  }

  @Test
  void a_target_file_should_name_the_port_and_the_part() throws Exception {
    Path file = ProcessorMetrics.register(dir, "processor-x", 4242);

    assertThat(file).isEqualTo(dir.resolve("processor/processor-x.json"));
    assertThat(Files.readString(file))
        .isEqualTo("[{\"targets\":[\"127.0.0.1:4242\"],\"labels\":{\"part\":\"processor-x\"}}]\n");
  }

  @Test
  void the_endpoint_should_serve_stored_trades_and_their_latency() throws Exception {
    double before = ProcessorMetrics.TRADES_STORED.get();
    ProcessorMetrics.stored(1_000_000L, 1_250_000L); // 250 ms after receipt

    int port = ProcessorMetrics.serve(0, dir.toString(), "processor-test");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(ProcessorMetrics.TRADES_STORED.get()).isEqualTo(before + 1);
    assertThat(response.body())
        .contains("marketlab_processor_trades_stored_total " + (before + 1))
        .contains("marketlab_processor_store_latency_seconds_bucket{le=\"0.25\"} ")
        .contains("marketlab_processor_store_latency_seconds_bucket{le=\"0.1\"} 0");
    assertThat(dir.resolve("processor/processor-test.json")).exists();
  }
}
