package io.marketlab.scenarios.pipeline;

import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalSparkApplication;
import io.marketlab.fixtures.local.SparkSubmit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Spark processor as the lab runs it: the shaded processor jar, submitted unchanged through
 * spark-submit to the engine set's Spark master (local mode by default), in its own JVM.
 */
public final class ProcessorProcess {

  /** Printed by ProcessorMain once its query runs (kept in step with ProcessorMain.READY_MARKER). */
  public static final String READY_MARKER = "processor ready:";

  /**
   * @param name process name: logs/NAME.log, run/NAME.properties
   * @param checkpoint the query's checkpoint directory (same directory = resume after a restart)
   */
  public record Options(String name, String topic, String keyspace, Path checkpoint, Duration watermarkDelay,
      String driverHeap) {

    public static Options of(String name, String topic, String keyspace, Path checkpoint) {
      return new Options(name, topic, keyspace, checkpoint, Duration.ofSeconds(10), "1g");
    }
  }

  private ProcessorProcess() {}

  public static LocalSparkApplication create(EngineSet engines, Options options, boolean detach) {
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
    SparkSubmit.Application application = new SparkSubmit.Application(options.name(), engines.spark().getMasterUrl(),
        "io.marketlab.processor.ProcessorMain", jar(engines.settings().projectRoot()), arguments, options.driverHeap(),
        List.of("spark.sql.shuffle.partitions=2"));
    return new LocalSparkApplication(engines.settings(), application, READY_MARKER, detach);
  }

  /** The shaded processor jar the build made (pipeline/processor/target/processor-*-spark.jar). */
  public static Path jar(Path projectRoot) {
    Path target = projectRoot.resolve("pipeline/processor/target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(path -> path.getFileName().toString().matches("processor-.*-spark\\.jar")).findFirst()
          .orElseThrow(() -> new EngineException("no processor jar in " + target + " (build: mvn install -DskipTests)"));
    } catch (IOException e) {
      throw new EngineException("the processor is not built: " + target + " is missing (mvn install -DskipTests)", e);
    }
  }
}
