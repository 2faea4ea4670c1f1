package io.marketlab.harness;

import io.marketlab.config.Durations;
import io.marketlab.config.LabSettings;
import io.marketlab.config.ProcessorReady;
import io.marketlab.config.ScrapeTargets;
import io.marketlab.config.Setting;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalSparkApplication;
import io.marketlab.fixtures.local.SparkSubmit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The Spark processor as the lab runs it: the shaded processor jar, submitted unchanged through
 * spark-submit to the engine set's Spark master (local mode by default), in its own JVM.
 */
final class ProcessorProcess {

  /**
   * @param name process name: logs/NAME.log, run/NAME.properties
   * @param checkpoint the query's checkpoint directory (same directory = resume after a restart)
   */
  record Options(
      String name, String topic, String keyspace, Path checkpoint, Duration watermarkDelay) {}

  private ProcessorProcess() {}

  /**
   * The keyspace's replication: the setting when it was given; on a set of local nodes
   * NetworkTopologyStrategy with min(3, N) replicas in the local datacenter.
   */
  static String replication(EngineSet engines) {
    LabSettings settings = engines.settings();
    if (engines.nodes() == 1
        || !settings.source(Settings.PROCESSOR_REPLICATION).equals("default")) {
      return settings.text(Settings.PROCESSOR_REPLICATION);
    }
    return engines.cassandra().getLocalDatacenter()
        + ":"
        + Topology.replicationFactor(engines.nodes());
  }

  static LocalSparkApplication create(EngineSet engines, Options options, boolean detach) {
    // The processor's arguments are the registry's processor settings: the values in force here
    // (lab.properties, environment, ...), with this run's names and the engine set's endpoints.
    LabSettings settings =
        engines
            .settings()
            .with(Settings.KAFKA_BOOTSTRAP, engines.kafka().getBootstrapServers())
            .with(Settings.CASSANDRA_CONTACT_POINTS, engines.cassandra().getContactPointsText())
            .with(Settings.CASSANDRA_DATACENTER, engines.cassandra().getLocalDatacenter())
            .with(Settings.PROCESSOR_REPLICATION, replication(engines))
            .with(Settings.PROCESSOR_TOPIC, options.topic())
            .with(Settings.PROCESSOR_STARTING_OFFSETS, "earliest")
            .with(Settings.PROCESSOR_KEYSPACE, options.keyspace())
            .with(Settings.PROCESSOR_CHECKPOINT, options.checkpoint().toString())
            .with(Settings.PROCESSOR_WATERMARK_DELAY, Durations.format(options.watermarkDelay()))
            .with(Settings.PROCESSOR_QUERY_NAME, options.name())
            .with(
                Settings.PROCESSOR_METRICS_TARGETS,
                new ScrapeTargets(engines.settings().workDir()).root().toString());
    List<String> arguments = new ArrayList<>();
    for (Map.Entry<String, Setting<?>> entry : Settings.DEF.arguments().entrySet()) {
      String value = settings.text(entry.getValue());
      if (!value.isEmpty()) {
        arguments.add("--" + entry.getKey() + "=" + value);
      }
    }
    Path jar =
        snapshot(
            jar(engines.settings().projectRoot()),
            copyOf(engines.settings().workDir(), options.name()));
    SparkSubmit.Application application =
        new SparkSubmit.Application(
            options.name(),
            engines.spark().getMasterUrl(),
            "io.marketlab.processor.ProcessorMain",
            jar,
            arguments,
            settings.get(Settings.PROCESSOR_DRIVER_HEAP),
            List.of(
                "spark.sql.shuffle.partitions="
                    + settings.get(Settings.PROCESSOR_SHUFFLE_PARTITIONS)),
            javaOptions(settings.get(Settings.PROCESSOR_JAVA_OPTIONS)),
            settings.get(Settings.PROCESSOR_EXECUTORS),
            settings.get(Settings.PROCESSOR_EXECUTOR_CORES),
            settings.get(Settings.PROCESSOR_EXECUTOR_HEAP));
    return new LocalSparkApplication(
        engines.settings(), application, ProcessorReady.MARKER, detach);
  }

  /** The space-separated JVM options of a setting, as a list. */
  static List<String> javaOptions(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  /**
   * Where a run's private copy of the processor jar lives. The processor runs from a copy because a
   * rebuild (another engineer's `mvn install`) rewrites the jar in place, and a JVM reading a jar
   * that changes under it fails with "invalid LOC header" in the middle of a run.
   */
  static Path copyOf(Path workDir, String name) {
    return workDir.resolve("jars").resolve(name + ".jar");
  }

  /** Removes a run's jar copy (after its processor stopped). */
  static void deleteCopy(Path workDir, String name) {
    try {
      Files.deleteIfExists(copyOf(workDir, name));
    } catch (IOException e) {
      // a leftover copy in the work directory is harmless; lab reset removes it
    }
  }

  /**
   * Copies the jar, and copies again while the copy is not a whole zip (a build was writing it).
   */
  private static Path snapshot(Path jar, Path copy) {
    Path temporary = copy.resolveSibling(copy.getFileName() + ".tmp");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      try {
        Files.createDirectories(copy.getParent());
        Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
        try (ZipFile zip = new ZipFile(temporary.toFile())) {
          zip.stream().forEach(entry -> {});
        }
        Files.move(
            temporary, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
      } catch (ZipException e) {
        if (System.nanoTime() > deadline) {
          throw new EngineException(
              "the processor jar "
                  + jar
                  + " is not a valid jar (a build still writing it?): "
                  + e.getMessage(),
              e);
        }
        pause();
      } catch (IOException e) {
        throw new EngineException(
            "cannot copy the processor jar " + jar + " to " + copy + ": " + e.getMessage(), e);
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for the processor jar", e);
    }
  }

  /**
   * The shaded processor jar the build made (pipeline/processor/target/processor-*-spark.jar), or
   * the one the system property {@code lab.processorJar} names (to run a gate against another
   * build, e.g. a deliberately broken one, without touching the working tree).
   */
  static Path jar(Path projectRoot) {
    String configured = System.getProperty("lab.processorJar");
    if (configured != null && !configured.isBlank()) {
      Path jar = Path.of(configured).toAbsolutePath();
      if (!Files.isRegularFile(jar)) {
        throw new EngineException("lab.processorJar names no file: " + jar);
      }
      return jar;
    }
    Path target = projectRoot.resolve("pipeline/processor/target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(path -> path.getFileName().toString().matches("processor-.*-spark\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new EngineException(
                      "no processor jar in " + target + " (build: mvn install -DskipTests)"));
    } catch (IOException e) {
      throw new EngineException(
          "the processor is not built: " + target + " is missing (mvn install -DskipTests)", e);
    }
  }
}
