package io.marketlab.processor;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Spark has the task slots the real-time query needs. Real-Time Mode keeps one task per
 * Kafka partition running for its whole checkpoint interval, and the stateful query needs slots of
 * its own on top; with fewer, Spark silently leaves whole partitions unread until the interval ends
 * (measured: minutes without trade rows). So the processor refuses to start short of slots.
 */
final class TaskSlots {

  private static final Logger LOG = LoggerFactory.getLogger(TaskSlots.class);

  private TaskSlots() {}

  /** One line an operator can act on, or null when there are enough slots. */
  static String shortfall(int slots, int kafkaPartitions, int shufflePartitions, String master) {
    int needed = kafkaPartitions + shufflePartitions;
    if (slots >= needed) {
      return null;
    }
    return "trade-rows=real-time needs "
        + needed
        + " task slots ("
        + kafkaPartitions
        + " Kafka partitions, each a task that runs for the whole real-time interval, + "
        + shufflePartitions
        + " shuffle partitions of the stateful query), but Spark ("
        + master
        + ") has "
        + slots
        + ": use local["
        + needed
        + "] (slots are threads, not cores) or more executor cores, or trade-rows=micro-batch";
  }

  /** Fails the start when the topic has more partitions than the slots left for them. */
  static void check(SparkContext spark, ProcessorConfig config) {
    int kafkaPartitions = kafkaPartitions(config);
    int shufflePartitions =
        Integer.parseInt(spark.getConf().get("spark.sql.shuffle.partitions", "200"));
    int slots = slots(spark, kafkaPartitions + shufflePartitions);
    String problem = shortfall(slots, kafkaPartitions, shufflePartitions, spark.master());
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    LOG.info(
        "task slots: {} ({} Kafka partitions for the real-time query + {} shuffle partitions)",
        slots,
        kafkaPartitions,
        shufflePartitions);
  }

  /** Local mode: its threads; a cluster: the executors' cores, once they have registered. */
  private static int slots(SparkContext spark, int wanted) {
    if (spark.isLocal()) {
      return spark.defaultParallelism();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int cores = 0;
    while (System.nanoTime() < deadline) {
      // a cluster's default parallelism is the registered executors' cores (at least 2)
      cores = spark.defaultParallelism();
      if (cores >= wanted) {
        return cores;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return cores;
  }

  /**
   * The topic's partitions (the topic is created by the lab or the ingest before the processor).
   */
  private static int kafkaPartitions(ProcessorConfig config) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(properties)) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(List.of(config.topic())).allTopicNames().get(60, TimeUnit.SECONDS);
      return topics.get(config.topic()).partitions().size();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read the partitions of topic "
              + config.topic()
              + " at "
              + config.kafkaBootstrap()
              + " (the real-time query needs a slot per partition): "
              + e.getMessage(),
          e);
    }
  }
}
