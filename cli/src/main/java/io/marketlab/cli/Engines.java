package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalCassandra;
import io.marketlab.fixtures.local.LocalCassandraCluster;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.fixtures.local.LocalKafka;
import io.marketlab.fixtures.local.LocalKafkaCluster;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.fixtures.local.LocalSparkDaemon;
import java.util.ArrayList;
import java.util.List;

/** The local engines the CLI manages, in start order. */
final class Engines {

  private Engines() {}

  /**
   * Every local engine in start order: with {@code lab up --nodes N} (or LAB_NODES) each broker and
   * each Cassandra node by its name ({@code kafka-1 .. kafka-N}, {@code cassandra-1 ..}).
   */
  static List<LocalEngine> all(LabSettings given) {
    LabSettings settings = Topology.effective(given);
    int nodes = Math.max(settings.get(Settings.NODES), nodesWithState(settings));
    List<LocalEngine> engines = new ArrayList<>();
    LocalKafka singleKafka = new LocalKafka(settings, true);
    LocalCassandra singleCassandra = new LocalCassandra(settings, true);
    // a set of nodes, and the single nodes too if one still runs (found by its state file)
    if (nodes == 1 || hasState(settings, singleKafka.name())) {
      engines.add(singleKafka);
    }
    if (nodes > 1) {
      engines.addAll(new LocalKafkaCluster(settings, true, nodes).nodes());
    }
    if (nodes == 1 || hasState(settings, singleCassandra.name())) {
      engines.add(singleCassandra);
    }
    if (nodes > 1) {
      engines.addAll(new LocalCassandraCluster(settings, true, nodes).nodes());
    }
    engines.add(new LocalSparkDaemon.Master(settings, true));
    engines.add(new LocalSparkDaemon.Worker(settings, true));
    engines.add(new LocalPrometheus(settings, true));
    return engines;
  }

  /** The highest node N of a state file run/kafka-N.properties or cassandra-N.properties, or 1. */
  static int nodesWithState(LabSettings settings) {
    int highest = 1;
    java.nio.file.Path run = settings.workDir().resolve("run");
    if (!java.nio.file.Files.isDirectory(run)) {
      return highest;
    }
    java.util.regex.Pattern state =
        java.util.regex.Pattern.compile("(?:kafka|cassandra)-([1-5])\\.properties");
    try (var files = java.nio.file.Files.list(run)) {
      for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
        java.util.regex.Matcher match = state.matcher(file.getFileName().toString());
        if (match.matches()) {
          highest = Math.max(highest, Integer.parseInt(match.group(1)));
        }
      }
    } catch (java.io.IOException e) {
      // no listing: the recorded count stands
    }
    return highest;
  }

  private static boolean hasState(LabSettings settings, String name) {
    return java.nio.file.Files.isRegularFile(
        settings.workDir().resolve("run").resolve(name + ".properties"));
  }

  static LocalEngine named(LabSettings settings, String name) {
    for (LocalEngine engine : all(settings)) {
      if (engine.name().equals(name)) {
        return engine;
      }
    }
    List<String> names = new ArrayList<>();
    for (LocalEngine engine : all(settings)) {
      names.add(engine.name());
    }
    throw new LabException("no engine named '" + name + "' (" + String.join(", ", names) + ")");
  }
}
