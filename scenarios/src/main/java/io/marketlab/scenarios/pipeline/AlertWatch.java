package io.marketlab.scenarios.pipeline;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.fixtures.metrics.PrometheusApi;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Watches the real Prometheus for the alerts a scenario expects of its own run: each must fire for
 * a part of the run (its {@code part} label starts with the run's processor name, or the alert has
 * no part: it is about the whole pipeline) and then resolve. Uses the Prometheus of {@code lab up}
 * when it runs on this work directory, else starts one (and stops it at the end).
 */
public final class AlertWatch implements AutoCloseable {

  /** What was seen of one expected alert: when it first fired and when it was gone again. */
  public record Seen(String alert, Instant fired, Instant resolved, String labels) {
    public boolean firedAndResolved() {
      return fired != null && resolved != null;
    }
  }

  private final LocalPrometheus prometheus;
  private final PrometheusApi api;
  private final String part;
  private final Map<String, Instant> fired = new LinkedHashMap<>();
  private final Map<String, Instant> resolved = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Thread poller;
  private final Consumer<String> progress;
  private volatile boolean stopped;
  private volatile String lastError = "";

  private AlertWatch(
      LocalPrometheus prometheus, String part, List<String> alerts, Consumer<String> progress) {
    this.prometheus = prometheus;
    this.api = new PrometheusApi(prometheus.url());
    this.part = part;
    this.progress = progress;
    for (String alert : alerts) {
      fired.put(alert, null);
    }
    this.poller = new Thread(this::poll, "alert-watch");
    poller.setDaemon(true);
  }

  /**
   * Starts watching {@code alerts} for the run whose processor is {@code part}.
   *
   * @throws EngineException when there is no Prometheus program (the message says how to get one)
   */
  public static AlertWatch start(
      LabSettings settings, String part, List<String> alerts, Consumer<String> progress) {
    LocalPrometheus prometheus = new LocalPrometheus(settings, false);
    if (prometheus.binary().isEmpty() && prometheus.findRunning().isEmpty()) {
      throw new EngineException(
          "the scenario expects alerts " + alerts + ": " + prometheus.missingMessage());
    }
    prometheus.start();
    AlertWatch watch = new AlertWatch(prometheus, part, alerts, progress);
    watch.poller.start();
    return watch;
  }

  private void poll() {
    while (!stopped) {
      try {
        List<PrometheusApi.Alert> firing =
            api.alerts().stream()
                .filter(alert -> alert.state().equals("firing"))
                .filter(this::ours)
                .toList();
        Instant now = Instant.now();
        synchronized (this) {
          for (String name : fired.keySet()) {
            PrometheusApi.Alert match =
                firing.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
            if (match != null && fired.get(name) == null) {
              fired.put(name, now);
              labels.put(name, match.labels().toString());
              progress.accept("alert " + name + " firing " + match.labels());
            } else if (match == null && fired.get(name) != null && !resolved.containsKey(name)) {
              resolved.put(name, now);
              progress.accept("alert " + name + " resolved");
            }
          }
        }
        lastError = "";
      } catch (IOException e) {
        lastError = e.getMessage();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean ours(PrometheusApi.Alert alert) {
    String of = alert.labels().get("part");
    return of == null || of.startsWith(part);
  }

  /** Waits until every expected alert that fired has resolved, at most {@code timeout}. */
  public void awaitResolved(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        if (fired.keySet().stream().allMatch(name -> resolved.containsKey(name))) {
          return;
        }
      }
      Thread.sleep(250);
    }
  }

  /** Each expected alert as seen so far. */
  public synchronized List<Seen> seen() {
    List<Seen> seen = new ArrayList<>();
    fired.forEach(
        (name, at) ->
            seen.add(
                new Seen(
                    name,
                    at,
                    resolved.get(name),
                    labels.getOrDefault(
                        name, lastError.isEmpty() ? "" : "Prometheus: " + lastError))));
    return seen;
  }

  @Override
  public void close() {
    stopped = true;
    poller.interrupt();
    try {
      poller.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    prometheus.stop();
  }
}
