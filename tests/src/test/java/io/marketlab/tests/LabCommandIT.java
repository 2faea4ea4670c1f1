package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.fixtures.EngineSet;
import io.marketlab.testinfra.LabEngines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab command in the situations a person meets: each bad one is one clear line and a non-zero
 * exit. Situations that would start engines use their own work directory and ports, and fail before
 * a second engine set could run.
 */
@LabEngines
class LabCommandIT {

  @TempDir Path workDir;

  @Test
  void status_should_show_each_running_engine_with_pid_heap_and_memory(EngineSet engines) {
    Processes.Result status = Processes.lab(engines.settings().projectRoot(), Map.of(), "status");

    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output())
        .containsPattern("kafka +UP +127\\.0\\.0\\.1:\\d+ +\\d+ +512m +\\d+ MB");
    assertThat(status.output()).containsPattern("cassandra +UP .* +\\d+ +1g +\\d+ MB");
  }

  @Test
  void up_while_already_up_should_say_so_and_change_nothing(EngineSet engines) {
    // Without a Prometheus program, lab up says how to get one and goes on with the engines.
    Processes.Result up =
        Processes.lab(
            engines.settings().projectRoot(),
            Map.of("LAB_PROMETHEUS_BINARY", workDir.resolve("no-prometheus").toString()),
            "up");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.output()).contains("already up").contains("nothing changed");
    assertThat(up.output())
        .contains("prometheus: '" + workDir.resolve("no-prometheus") + "' not found")
        .contains("apt-get install -y prometheus");
  }

  @Test
  void logs_should_filter_by_level_in_one_format(EngineSet engines) {
    Processes.Result logs =
        Processes.lab(
            engines.settings().projectRoot(),
            Map.of(),
            "logs",
            "cassandra",
            "--level",
            "WARN",
            "-n",
            "20");

    assertThat(logs.exitCode()).as(logs.output()).isZero();
    assertThat(logs.output().lines().filter(line -> line.matches("^\\d{4}-.*")))
        .isNotEmpty()
        .allMatch(
            line -> line.matches("^\\S+Z (WARN |ERROR) \\[cassandra\\] .*"),
            "a WARN or ERROR cassandra line");
  }

  @Test
  void down_when_nothing_runs_should_say_so(EngineSet engines) {
    Processes.Result down =
        Processes.lab(
            engines.settings().projectRoot(), Map.of("LAB_WORK_DIR", workDir.toString()), "down");

    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.output()).contains("nothing is running");
  }

  @Test
  void up_should_name_a_port_in_use_and_its_process(EngineSet engines) throws IOException {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = squatter.getLocalPort();
      Map<String, String> env = isolated(Map.of("LAB_KAFKA_PORT", Integer.toString(port)));

      Processes.Result up = Processes.lab(engines.settings().projectRoot(), env, "up");

      assertThat(up.exitCode()).isEqualTo(1);
      assertThat(up.output())
          .contains(
              "port "
                  + port
                  + " (Kafka PLAINTEXT listener) is already in use by pid "
                  + ProcessHandle.current().pid());
    }
  }

  @Test
  void an_engine_that_dies_while_starting_should_show_the_end_of_its_log(EngineSet engines)
      throws IOException {
    // A heap too small for the JVM to begin: the engine exits at once, before binding anything.
    Map<String, String> env = isolated(Map.of("LAB_KAFKA_HEAP", "1k", "LAB_CASSANDRA_HEAP", "1k"));

    Processes.Result up = Processes.lab(engines.settings().projectRoot(), env, "up");

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.output()).contains("exited while starting; last lines of").contains("Too small");
  }

  @Test
  void a_java_older_than_17_should_be_refused(EngineSet engines) throws IOException {
    Path bin = Files.createDirectories(workDir.resolve("bin"));
    Path fakeJava = bin.resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));

    Processes.Result status =
        Processes.lab(
            engines.settings().projectRoot(),
            Map.of("PATH", bin + ":" + System.getenv("PATH")),
            "status");

    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.output()).contains("Java 17 or newer is needed").contains("version 11");
  }

  @Test
  void reset_without_a_terminal_should_ask_for_yes(EngineSet engines) throws IOException {
    Files.createDirectories(workDir.resolve("data"));

    Processes.Result reset =
        Processes.lab(
            engines.settings().projectRoot(), Map.of("LAB_WORK_DIR", workDir.toString()), "reset");

    assertThat(reset.exitCode()).isEqualTo(1);
    assertThat(reset.output()).contains("pass --yes");
    assertThat(workDir.resolve("data")).exists();
  }

  /** Another work directory and free ports, so nothing touches the shared engines. */
  private Map<String, String> isolated(Map<String, String> overrides) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("LAB_WORK_DIR", workDir.toString());
    env.put("LAB_KAFKA_PORT", Integer.toString(freePort()));
    env.put("LAB_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
    env.put("LAB_CASSANDRA_PORT", Integer.toString(freePort()));
    env.put("LAB_CASSANDRA_STORAGE_PORT", Integer.toString(freePort()));
    env.put("LAB_PROMETHEUS_KAFKA_EXPORTER_PORT", Integer.toString(freePort()));
    env.put("LAB_PROMETHEUS_CASSANDRA_EXPORTER_PORT", Integer.toString(freePort()));
    env.put("LAB_PROMETHEUS_PORT", Integer.toString(freePort()));
    env.put("LAB_START_TIMEOUT_SECONDS", "60");
    env.putAll(overrides);
    return env;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
