package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.NodeSet;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.fixtures.local.LocalSparkDaemon;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start Kafka and Cassandra (and a Spark standalone cluster with --spark-cluster), and"
            + " Prometheus when it is installed; wait until healthy, print endpoints.")
final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--spark-cluster",
      description = "Also start a Spark standalone master and worker.")
  boolean sparkCluster;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description =
          "Kafka brokers and Cassandra nodes, on 127.0.0.1..N (default: the lab.nodes setting, 1;"
              + " 3 = replication factor 3, min.insync.replicas 2, LOCAL_QUORUM).")
  Integer nodes;

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    if (nodes != null) {
      settings = settings.with(Settings.NODES, nodes.toString());
    }
    settings = Topology.effective(settings);
    int count = settings.get(Settings.NODES);
    int recorded = Topology.recorded(settings);
    if (count != recorded) {
      List<String> running = new ArrayList<>();
      for (LocalEngine engine :
          Engines.all(settings.with(Settings.NODES, Integer.toString(recorded)))) {
        engine.findRunning().ifPresent(process -> running.add(engine.name()));
      }
      if (!running.isEmpty()) {
        System.err.println(
            "lab: a lab of "
                + recorded
                + " node(s) is up ("
                + String.join(", ", running)
                + "); lab down first, then lab up --nodes "
                + count);
        return 1;
      }
    }
    EngineSet engines = EngineSet.create(settings, true);
    List<LocalEngine> wanted = new ArrayList<>(engines.localEngines());
    if (sparkCluster) {
      wanted.add(new LocalSparkDaemon.Master(settings, true));
      wanted.add(new LocalSparkDaemon.Worker(settings, true));
    }
    LocalPrometheus prometheus = new LocalPrometheus(settings, true);
    if (prometheus.binary().isPresent()) {
      wanted.add(prometheus);
    } else {
      System.err.println("lab: " + prometheus.missingMessage() + "; starting the rest without it");
    }
    List<String> alreadyRunning = new ArrayList<>();
    for (LocalEngine engine : wanted) {
      engine
          .findRunning()
          .ifPresent(process -> alreadyRunning.add(engine.name() + " (pid " + process.pid() + ")"));
    }
    if (!wanted.isEmpty() && alreadyRunning.size() == wanted.size()) {
      System.err.println(
          "lab: already up: "
              + String.join(", ", alreadyRunning)
              + "; nothing changed (lab status, lab down)");
      return 1;
    }
    Instant start = Instant.now();
    System.err.println(
        "lab: starting " + engines.provider() + "; work directory " + settings.workDir());
    Topology.record(settings, count);
    try {
      engines.start();
    } catch (RuntimeException e) {
      // nothing of this set runs now (a failed start stops what it started): the record is back
      // to what it was
      Topology.record(settings, recorded);
      throw e;
    }
    for (LocalEngine engine : wanted) {
      if (engine instanceof LocalSparkDaemon || engine instanceof LocalPrometheus) {
        engine.start();
      }
    }
    Duration took = Duration.between(start, Instant.now());
    System.out.printf("lab is up in %.1f s%n", took.toMillis() / 1000.0);
    for (var engine : engines.engines()) {
      if (engine instanceof NodeSet set) {
        printEndpoints(engine.name(), new java.util.TreeMap<>(engine.endpoints()));
        for (var node : set.nodes()) {
          printEndpoints("  " + node.name(), withMetrics(node));
        }
      } else {
        printEndpoints(engine.name(), withMetrics(engine));
      }
    }
    for (LocalEngine engine : wanted) {
      if (engine instanceof LocalSparkDaemon || engine instanceof LocalPrometheus) {
        printEndpoints(engine.name(), engine.endpoints());
      }
    }
    System.out.println("logs: lab logs [engine] [--follow]; stop: lab down");
    return 0;
  }

  private static Map<String, String> withMetrics(io.marketlab.fixtures.Engine engine) {
    Map<String, String> endpoints = new java.util.TreeMap<>(engine.endpoints());
    if (engine instanceof LocalEngine local) {
      local.metricsUrl().ifPresent(url -> endpoints.put("metrics", url));
    }
    return endpoints;
  }

  private static void printEndpoints(String name, Map<String, String> endpoints) {
    System.out.printf("  %-13s %s%n", name, endpoints);
  }
}
