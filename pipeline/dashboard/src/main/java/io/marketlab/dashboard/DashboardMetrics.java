package io.marketlab.dashboard;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The dashboard's metrics in Prometheus format (names in docs/METRICS.md), one registry per server
 * (tests start several in one JVM), written on its own web server at {@code /metrics}. Requests are
 * counted by route and status class with bounded label values: a path that is not one of the API's
 * routes is {@code page} (the page and its files) or, when nothing answered it, {@code unmatched};
 * never the raw path.
 */
final class DashboardMetrics {

  /** The API's routes, each its own label value (without {@code /api/}). */
  static final Set<String> API_ROUTES =
      Set.of("health", "symbols", "candles", "trades", "latency", "stream");

  static final List<String> STATUS_CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final LongAdder requestStoreErrors = new LongAdder();
  private final Counter requests;

  DashboardMetrics(LiveStream live) {
    requests =
        Counter.builder()
            .name("marketlab_dashboard_requests_total")
            .help(
                "HTTP requests answered, by route (an API route, metrics, page or unmatched) and"
                    + " status class; a live stream counts when it ends")
            .labelNames("route", "status")
            .register(registry);
    GaugeWithCallback.builder()
        .name("marketlab_dashboard_clients")
        .help("Live (SSE) clients connected now")
        .callback(callback -> callback.call(live.clientCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("marketlab_dashboard_slow_clients_dropped_total")
        .help("Live clients dropped because they stopped reading (their queue was full)")
        .callback(callback -> callback.call(live.droppedCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("marketlab_dashboard_store_errors_total")
        .help(
            "Store (Cassandra) failures: API requests answered 503 (source request) and live"
                + " polls that failed (source live)")
        .labelNames("source")
        .callback(
            callback -> {
              callback.call(requestStoreErrors.sum(), "request");
              callback.call(live.failedPollCount(), "live");
            })
        .register(registry);
  }

  /** One request answered with {@code status} on {@code path}. */
  void request(String path, int status) {
    requests.labelValues(route(path, status), statusClass(status)).inc();
  }

  /** An API request the store could not answer (HTTP 503). */
  void storeError() {
    requestStoreErrors.increment();
  }

  /** The label value of a request's path: bounded, whatever the path. */
  static String route(String path, int status) {
    if (path != null && path.startsWith("/api/")) {
      String name = path.substring("/api/".length());
      if (API_ROUTES.contains(name)) {
        return name;
      }
    }
    if ("/metrics".equals(path)) {
      return "metrics";
    }
    return status == 404 || (path != null && path.startsWith("/api/")) ? "unmatched" : "page";
  }

  static String statusClass(int status) {
    int hundreds = status / 100;
    return hundreds >= 1 && hundreds <= 5 ? hundreds + "xx" : "other";
  }

  String contentType() {
    return writer.getContentType();
  }

  void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
