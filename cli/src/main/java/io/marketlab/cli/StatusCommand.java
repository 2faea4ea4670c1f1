package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineStatus;
import io.marketlab.fixtures.local.LocalEngine;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Per engine: state, endpoint, pid, heap, resident memory, uptime.")
final class StatusCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LabSettings settings = LabSettings.load();
    System.out.printf(
        "%-13s %-9s %-28s %-8s %-6s %-9s %-9s %s%n",
        "ENGINE", "STATE", "ENDPOINT", "PID", "HEAP", "RSS", "UPTIME", "DETAIL");
    long totalResident = 0;
    for (LocalEngine engine : Engines.all(settings)) {
      EngineStatus status = engine.status();
      // Sorted by name: an engine's endpoints may come in a map whose order changes every run.
      String endpoint = String.join(" ", new TreeMap<>(status.endpoints()).values());
      String pid = status.pid().isPresent() ? Long.toString(status.pid().getAsLong()) : "-";
      String resident =
          status.residentBytes().isPresent() ? megabytes(status.residentBytes().getAsLong()) : "-";
      totalResident += status.residentBytes().orElse(0);
      System.out.printf(
          "%-13s %-9s %-28s %-8s %-6s %-9s %-9s %s%n",
          status.name(),
          status.state(),
          endpoint,
          pid,
          status.heap(),
          resident,
          status.state() == EngineStatus.State.DOWN ? "-" : uptime(status.uptime()),
          status.detail());
    }
    System.out.println(
        "total resident memory: "
            + megabytes(totalResident)
            + "; work directory "
            + settings.workDir());
    return 0;
  }

  static String megabytes(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }

  static String uptime(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120
        ? seconds + "s"
        : seconds < 7200 ? (seconds / 60) + "m" : (seconds / 3600) + "h";
  }
}
