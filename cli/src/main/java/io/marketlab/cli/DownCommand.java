package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalEngine;
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
    for (LocalEngine engine : engines) {
      if (engine.findRunning().isPresent()) {
        long start = System.nanoTime();
        engine.stopRunning();
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
}
