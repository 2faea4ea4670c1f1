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
    int nodes = settings.get(Settings.NODES);
    List<LocalEngine> engines = new ArrayList<>();
    if (nodes == 1) {
      engines.add(new LocalKafka(settings, true));
      engines.add(new LocalCassandra(settings, true));
    } else {
      engines.addAll(new LocalKafkaCluster(settings, true, nodes).nodes());
      engines.addAll(new LocalCassandraCluster(settings, true, nodes).nodes());
    }
    engines.add(new LocalSparkDaemon.Master(settings, true));
    engines.add(new LocalSparkDaemon.Worker(settings, true));
    engines.add(new LocalPrometheus(settings, true));
    return engines;
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
