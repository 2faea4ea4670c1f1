package io.marketlab.processor;

import io.marketlab.config.JsonStrings;
import io.prometheus.metrics.core.metrics.Counter;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each anomaly as JSON to {@code LAB_ANOMALY_WEBHOOK_URL}, from the executor that wrote it
 * (docs/ANALYTICS.md). The stream never waits: {@link #post} puts the anomaly in a bounded queue
 * (one per executor JVM and URL; when full, the oldest is dropped and counted) and returns; a
 * daemon thread sends, with a timeout per request and retries with a doubling pause. A re-run batch
 * may POST an anomaly twice, with the same {@code id}.
 */
final class AnomalyWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(AnomalyWebhook.class);

  static final Counter OUTCOMES =
      Counter.builder()
          .name("marketlab_processor_anomaly_webhook_total")
          .help(
              "Anomaly webhook POSTs by outcome: sent, failed (retries spent), dropped (queue full)")
          .labelNames("outcome")
          .register(ProcessorMetrics.REGISTRY);

  /** The first pause before a retry; it doubles each time. */
  static final long FIRST_BACKOFF_MS = 500;

  /**
   * @param url empty = no webhook
   * @param timeoutMs of one POST, connect and response
   * @param retries after the first attempt
   * @param queue anomalies waiting at most
   */
  record Settings(String url, long timeoutMs, int retries, int queue) implements Serializable {

    static final Settings NONE = new Settings("", 2_000, 3, 1_000);

    Settings {
      url = url == null ? "" : url.strip();
      if (!url.isEmpty()) {
        URI uri;
        try {
          uri = URI.create(url);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("anomaly webhook URL '" + url + "' is not a URL", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "anomaly webhook URL must be http(s)://host..., got '" + url + "'");
        }
      }
      if (timeoutMs < 1 || retries < 0 || queue < 1) {
        throw new IllegalArgumentException(
            "anomaly webhook timeout must be >= 1 ms, retries >= 0, queue >= 1");
      }
    }

    boolean enabled() {
      return !url.isEmpty();
    }
  }

  private static final Map<String, AnomalyWebhook> JVM = new ConcurrentHashMap<>();
  private static final AnomalyWebhook DISABLED = new AnomalyWebhook(Settings.NONE, false);

  private final Settings settings;
  private final ArrayDeque<String> waiting = new ArrayDeque<>();
  private final HttpClient http;

  AnomalyWebhook(Settings settings, boolean startSender) {
    this.settings = settings;
    this.http =
        settings.enabled()
            ? HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(settings.timeoutMs()))
                .build()
            : null;
    if (startSender && settings.enabled()) {
      Thread sender = new Thread(this::sendForever, "anomaly-webhook");
      sender.setDaemon(true);
      sender.start();
    }
  }

  /** This JVM's webhook for these settings (one sender per URL), or one that does nothing. */
  static AnomalyWebhook of(Settings settings) {
    if (settings == null || !settings.enabled()) {
      return DISABLED;
    }
    return JVM.computeIfAbsent(
        settings.url()
            + "|"
            + settings.timeoutMs()
            + "|"
            + settings.retries()
            + "|"
            + settings.queue(),
        key -> new AnomalyWebhook(settings, true));
  }

  /** Queues the anomaly; returns at once. */
  void post(String symbol, Analytics.Anomaly anomaly) {
    if (!settings.enabled()) {
      return;
    }
    String body = json(symbol, anomaly);
    synchronized (waiting) {
      if (waiting.size() >= settings.queue()) {
        waiting.pollFirst();
        OUTCOMES.labelValues("dropped").inc();
      }
      waiting.addLast(body);
      waiting.notifyAll();
    }
  }

  /** Anomalies waiting to be sent. */
  int waiting() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  /** The next body, waiting for one up to {@code waitMs}; null if none came. */
  String take(long waitMs) throws InterruptedException {
    synchronized (waiting) {
      long deadline = System.currentTimeMillis() + waitMs;
      while (waiting.isEmpty()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return null;
        }
        waiting.wait(left);
      }
      return waiting.pollFirst();
    }
  }

  private void sendForever() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        String body = take(60_000);
        if (body != null) {
          send(body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** POSTs one body, retrying; true when the receiver answered 2xx. */
  boolean send(String body) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(settings.url()))
            .timeout(Duration.ofMillis(settings.timeoutMs()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    String last = "";
    for (int attempt = 0; attempt <= settings.retries(); attempt++) {
      if (attempt > 0) {
        Thread.sleep(FIRST_BACKOFF_MS << Math.min(attempt - 1, 10));
      }
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          OUTCOMES.labelValues("sent").inc();
          return true;
        }
        last = "HTTP " + response.statusCode();
      } catch (java.io.IOException e) {
        last = e.toString();
      }
    }
    OUTCOMES.labelValues("failed").inc();
    LOG.warn(
        "anomaly webhook {}: gave up after {} attempts ({})",
        settings.url(),
        settings.retries() + 1,
        last);
    return false;
  }

  /**
   * The JSON of an anomaly: {@code id} (symbol|ts|kind, the same on every re-run), the table's
   * fields, times as ISO-8601 instants.
   */
  static String json(String symbol, Analytics.Anomaly a) {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    field(out, "id", quote(symbol + "|" + a.tsMs() + "|" + a.kind())).append(',');
    field(out, "symbol", quote(symbol)).append(',');
    field(out, "ts", quote(Instant.ofEpochMilli(a.tsMs()).toString())).append(',');
    field(out, "kind", quote(a.kind())).append(',');
    field(out, "score", number(a.score())).append(',');
    field(out, "value", number(a.value())).append(',');
    field(out, "baseline", number(a.baseline())).append(',');
    field(out, "threshold", number(a.threshold())).append(',');
    field(out, "close", number(a.close())).append(',');
    field(out, "volume", number(a.volume()));
    if (a.isJump()) {
      out.append(',');
      field(out, "prev_ts", quote(Instant.ofEpochMilli(a.prevTsMs()).toString())).append(',');
      field(out, "prev_close", number(a.prevClose()));
    }
    return out.append('}').toString();
  }

  private static StringBuilder field(StringBuilder out, String name, String value) {
    return out.append('"').append(name).append("\":").append(value);
  }

  private static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }

  private static String quote(String text) {
    return JsonStrings.quote(text);
  }
}
