package io.marketlab.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The pipeline page's view of Kafka: one shared {@link Admin} for metadata and offsets, and for
 * records a consumer per request that joins no group ({@code assign} + {@code seek}, so nobody's
 * committed offsets move), polls for a bounded time and is closed after. Every call takes at most
 * about the configured timeout; Kafka away is an {@link UnavailableException} (HTTP 503), a topic
 * that does not exist a {@link NotFoundException} (HTTP 404).
 */
final class KafkaPipeline implements AutoCloseable {

  /** What the page is told when Kafka does not answer; the client's error goes to the log. */
  static final String DID_NOT_ANSWER = "Kafka did not answer (unreachable or failing)";

  /** Offsets of one partition: records are at {@code start <= offset < end}. */
  record PartitionOffsets(int partition, long start, long end) {}

  private final String bootstrap;
  private final Duration timeout;
  private final Admin admin;

  KafkaPipeline(String bootstrap, Duration timeout) {
    this.bootstrap = bootstrap;
    this.timeout = timeout;
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "lab-dashboard");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    // A broker that is away is retried quickly, so it answers as soon as it is back.
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.admin = Admin.create(config);
  }

  /** How many brokers answer now. */
  int brokers() {
    return await(admin.describeCluster().nodes(), "describe the cluster").size();
  }

  /**
   * The partitions of each topic that exists, with start and end offsets, by topic; a topic that
   * does not exist is left out.
   */
  Map<String, List<PartitionOffsets>> offsets(Collection<String> topics) {
    Map<String, TopicDescription> described = new HashMap<>();
    for (String topic : topics) {
      try {
        described.put(
            topic, await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), topic));
      } catch (NotFoundException missing) {
        // left out: the caller says it does not exist yet
      }
    }
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicDescription description : described.values()) {
      for (TopicPartitionInfo info : description.partitions()) {
        TopicPartition partition = new TopicPartition(description.name(), info.partition());
        earliest.put(partition, OffsetSpec.earliest());
        latest.put(partition, OffsetSpec.latest());
      }
    }
    Map<TopicPartition, ListOffsetsResultInfo> starts =
        earliest.isEmpty() ? Map.of() : await(admin.listOffsets(earliest).all(), "list offsets");
    Map<TopicPartition, ListOffsetsResultInfo> ends =
        latest.isEmpty() ? Map.of() : await(admin.listOffsets(latest).all(), "list offsets");
    Map<String, List<PartitionOffsets>> result = new TreeMap<>();
    for (TopicDescription description : described.values()) {
      List<PartitionOffsets> partitions = new ArrayList<>();
      for (TopicPartitionInfo info : description.partitions()) {
        TopicPartition partition = new TopicPartition(description.name(), info.partition());
        partitions.add(
            new PartitionOffsets(
                info.partition(), starts.get(partition).offset(), ends.get(partition).offset()));
      }
      partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      result.put(description.name(), partitions);
    }
    return result;
  }

  /** The partitions of one topic with their offsets. */
  List<PartitionOffsets> offsets(String topic) {
    List<PartitionOffsets> partitions = offsets(List.of(topic)).get(topic);
    if (partitions == null) {
      throw unknownTopic(topic);
    }
    return partitions;
  }

  /**
   * The records of one partition with {@code from <= offset < to}, oldest first; fewer when Kafka
   * does not deliver them all within the timeout (or they are gone: retention, compaction).
   */
  List<ConsumerRecord<byte[], byte[]>> read(String topic, int partition, long from, long to) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    if (from >= to) {
      return records;
    }
    TopicPartition assigned = new TopicPartition(topic, partition);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer((int) Math.min(500, to - from))) {
      consumer.assign(List.of(assigned));
      consumer.seek(assigned, from);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && consumer.position(assigned, timeout) < to) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= from && record.offset() < to) {
            records.add(record);
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      if (records.isEmpty()) {
        throw unavailable("read " + topic + "-" + partition, e);
      }
    } catch (KafkaException e) {
      throw unavailable("read " + topic + "-" + partition, e);
    }
    return records;
  }

  private KafkaConsumer<byte[], byte[]> consumer(int maxRecords) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "lab-dashboard-browse");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
    // A page is at most 100 records; a dead letter is at most ~256 KiB: bound what one fetch holds.
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw unknownTopic(what);
      }
      throw unavailable(what, e.getCause());
    } catch (TimeoutException e) {
      throw unavailable(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(what, e);
    } catch (KafkaException e) {
      throw unavailable(what, e);
    }
  }

  static NotFoundException unknownTopic(String topic) {
    return new NotFoundException("topic", "topic '" + topic + "' does not exist in Kafka");
  }

  private UnavailableException unavailable(String what, Throwable cause) {
    return new UnavailableException(
        DID_NOT_ANSWER,
        "Kafka at " + bootstrap + " did not answer (" + what + ") within " + timeout + ": " + cause,
        cause);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
