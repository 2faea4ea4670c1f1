package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.fixtures.local.LocalNodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Stop every local engine, in reverse start order, cleanly. Data is kept.")
final class DownCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    List<LocalEngine> engines = new ArrayList<>(Engines.all(settings));
    Collections.reverse(engines);
    int stopped = 0;
    // The nodes of a set (kafka-1..3) go down together: stopped one after another, the last
    // broker would have no quorum of controllers for its controlled shutdown.
    for (List<LocalEngine> group : byKind(engines)) {
      long start = System.nanoTime();
      for (LocalEngine engine : LocalNodes.stopRunningTogether(group)) {
        System.out.printf(
            "stopped %s in %.1f s%n", engine.name(), (System.nanoTime() - start) / 1e9);
        stopped++;
      }
    }
    Topology.clear(settings);
    if (stopped == 0) {
      System.err.println("lab: nothing is running");
      return 1;
    }
    return 0;
  }

  /** Consecutive engines of one kind (the brokers, the Cassandra nodes) as one group each. */
  static List<List<LocalEngine>> byKind(List<LocalEngine> engines) {
    List<List<LocalEngine>> groups = new ArrayList<>();
    for (LocalEngine engine : engines) {
      List<LocalEngine> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      if (last != null && last.get(0).kind().equals(engine.kind())) {
        last.add(engine);
      } else {
        groups.add(new ArrayList<>(List.of(engine)));
      }
    }
    return groups;
  }
}
