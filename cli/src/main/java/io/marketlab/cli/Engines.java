package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.local.LocalCassandra;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.fixtures.local.LocalKafka;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.fixtures.local.LocalSparkDaemon;
import java.util.List;

/** The local engines the CLI manages, in start order. */
final class Engines {

  private Engines() {}

  static List<LocalEngine> all(LabSettings settings) {
    return List.of(
        new LocalKafka(settings, true),
        new LocalCassandra(settings, true),
        new LocalSparkDaemon.Master(settings, true),
        new LocalSparkDaemon.Worker(settings, true),
        new LocalPrometheus(settings, true));
  }

  static LocalEngine named(LabSettings settings, String name) {
    for (LocalEngine engine : all(settings)) {
      if (engine.name().equals(name)) {
        return engine;
      }
    }
    throw new LabException(
        "no engine named '"
            + name
            + "' (kafka, cassandra, spark-master, spark-worker, prometheus)");
  }
}
