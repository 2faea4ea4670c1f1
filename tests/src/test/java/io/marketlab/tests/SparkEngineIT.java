package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalSparkDaemon;
import io.marketlab.fixtures.local.SparkSubmit;
import io.marketlab.testinfra.LabEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark is the real one: a Spark application, submitted through spark-submit, reads a Kafka topic
 * that kcat wrote — in local mode, and once through a standalone master and worker.
 */
@LabEngines
class SparkEngineIT {

  private static final String TOPIC = "it-spark-" + UUID.randomUUID();
  private static final List<String> MESSAGES = new ArrayList<>();

  @BeforeAll
  static void produce(EngineSet engines) {
    for (int i = 0; i < 50; i++) {
      MESSAGES.add("spark-" + i);
    }
    Processes.Result produced =
        Processes.run(
            List.of(
                "kcat", "-b", engines.kafka().getBootstrapServers(), "-P", "-t", TOPIC, "-p", "0"),
            Map.of(),
            String.join("\n", MESSAGES) + "\n",
            60);
    assertThat(produced.exitCode()).as(produced.output()).isZero();
  }

  @Test
  void a_job_in_local_mode_should_read_the_topic(EngineSet engines, @TempDir Path dir)
      throws IOException {
    Path output = dir.resolve("local.txt");

    int exit =
        SparkSubmit.run(
            engines.settings(), application(engines, "local[1]", output), Duration.ofMinutes(5));

    assertThat(exit).as(logOf(engines.settings(), "it-spark-local")).isZero();
    assertThat(Files.readAllLines(output, StandardCharsets.UTF_8))
        .containsExactlyElementsOf(MESSAGES);
  }

  @Test
  void a_job_submitted_to_a_standalone_master_should_read_the_topic(
      EngineSet engines, @TempDir Path dir) throws IOException {
    LabSettings settings = engines.settings();
    Path output = dir.resolve("cluster.txt");
    try (LocalSparkDaemon.Master master = new LocalSparkDaemon.Master(settings, false);
        LocalSparkDaemon.Worker worker = new LocalSparkDaemon.Worker(settings, false)) {
      master.start();
      worker.start();

      int exit =
          SparkSubmit.run(
              settings, application(engines, master.getMasterUrl(), output), Duration.ofMinutes(5));

      assertThat(exit).as(logOf(settings, "it-spark-cluster")).isZero();
      assertThat(Files.readAllLines(output, StandardCharsets.UTF_8))
          .containsExactlyElementsOf(MESSAGES);
      assertThat(Files.readString(settings.logDir().resolve("it-spark-cluster.log")))
          .as("the driver registered with the standalone master")
          .contains("Connected to Spark cluster");
    }
  }

  private static SparkSubmit.Application application(
      EngineSet engines, String master, Path output) {
    String name = master.startsWith("local") ? "it-spark-local" : "it-spark-cluster";
    return new SparkSubmit.Application(
        name,
        master,
        "io.marketlab.engines.spark.TopicDump",
        probeJar(engines),
        List.of(engines.kafka().getBootstrapServers(), TOPIC, output.toString()),
        "512m",
        List.of("spark.sql.shuffle.partitions=1", "spark.log.level=INFO"));
  }

  private static Path probeJar(EngineSet engines) {
    Path target = engines.settings().projectRoot().resolve("engines/spark/target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(path -> path.getFileName().toString().matches("engine-spark-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no engine-spark jar in " + target));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String logOf(LabSettings settings, String name) {
    try {
      List<String> lines = Files.readAllLines(settings.logDir().resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
