package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalSparkApplication;
import io.marketlab.fixtures.local.SparkSubmit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The Spark processor as the lab runs it: the shaded processor jar, submitted unchanged through
 * spark-submit to the engine set's Spark master (local mode by default), in its own JVM.
 */
final class ProcessorProcess {

  /** Printed by ProcessorMain once its query runs (kept in step with ProcessorMain.READY_MARKER). */
  static final String READY_MARKER = "processor ready:";

  /**
   * @param name process name: logs/NAME.log, run/NAME.properties
   * @param checkpoint the query's checkpoint directory (same directory = resume after a restart)
   */
  record Options(String name, String topic, String keyspace, Path checkpoint, Duration watermarkDelay,
      String driverHeap) {

    static Options of(String name, String topic, String keyspace, Path checkpoint) {
      return new Options(name, topic, keyspace, checkpoint, Duration.ofSeconds(10), "1g");
    }
  }

  private ProcessorProcess() {}

  static LocalSparkApplication create(EngineSet engines, Options options, boolean detach) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--kafka-bootstrap=" + engines.kafka().getBootstrapServers());
    arguments.add("--topic=" + options.topic());
    arguments.add("--starting-offsets=earliest");
    arguments.add("--cassandra=" + engines.cassandra().getContactPointsText());
    arguments.add("--datacenter=" + engines.cassandra().getLocalDatacenter());
    arguments.add("--keyspace=" + options.keyspace());
    arguments.add("--checkpoint=" + options.checkpoint());
    arguments.add("--watermark-delay=" + options.watermarkDelay().toMillis() + "ms");
    arguments.add("--query-name=" + options.name());
    Path jar = snapshot(jar(engines.settings().projectRoot()), copyOf(engines.settings().workDir(), options.name()));
    SparkSubmit.Application application = new SparkSubmit.Application(options.name(), engines.spark().getMasterUrl(),
        "io.marketlab.processor.ProcessorMain", jar, arguments, options.driverHeap(),
        List.of("spark.sql.shuffle.partitions=2"));
    return new LocalSparkApplication(engines.settings(), application, READY_MARKER, detach);
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

  /** Copies the jar, and copies again while the copy is not a whole zip (a build was writing it). */
  private static Path snapshot(Path jar, Path copy) {
    Path temporary = copy.resolveSibling(copy.getFileName() + ".tmp");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      try {
        Files.createDirectories(copy.getParent());
        Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
        try (ZipFile zip = new ZipFile(temporary.toFile())) {
          zip.stream().forEach(entry -> { });
        }
        Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
      } catch (ZipException e) {
        if (System.nanoTime() > deadline) {
          throw new EngineException("the processor jar " + jar + " is not a valid jar (a build still writing it?): "
              + e.getMessage(), e);
        }
        pause();
      } catch (IOException e) {
        throw new EngineException("cannot copy the processor jar " + jar + " to " + copy + ": " + e.getMessage(), e);
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
   * The shaded processor jar the build made (pipeline/processor/target/processor-*-spark.jar), or the
   * one the system property {@code lab.processorJar} names (to run a gate against another build, e.g.
   * a deliberately broken one, without touching the working tree).
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
      return files.filter(path -> path.getFileName().toString().matches("processor-.*-spark\\.jar")).findFirst()
          .orElseThrow(() -> new EngineException("no processor jar in " + target + " (build: mvn install -DskipTests)"));
    } catch (IOException e) {
      throw new EngineException("the processor is not built: " + target + " is missing (mvn install -DskipTests)", e);
    }
  }
}
