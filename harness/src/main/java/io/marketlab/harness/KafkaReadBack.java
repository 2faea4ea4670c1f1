package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a run's topics back from Kafka itself, with a plain consumer that joins no group: the end
 * offsets of a topic (how far the processor must get), and every record of the dead-letter topic
 * from its start to its end offsets (what the ingest wrote there, not what it counted).
 */
final class KafkaReadBack {

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  private KafkaReadBack() {}

  /** The end offset (the next offset to be written) of each partition of {@code topic}. */
  static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      Map<Integer, Long> ends = new TreeMap<>();
      for (Map.Entry<TopicPartition, Long> end :
          consumer.endOffsets(partitions(consumer, topic), METADATA_TIMEOUT).entrySet()) {
        ends.put(end.getKey().partition(), end.getValue());
      }
      return ends;
    } catch (KafkaException e) {
      throw new EngineException(
          "cannot read the end offsets of " + topic + " at " + bootstrap + ": " + e, e);
    }
  }

  /**
   * Every record of {@code topic}, partition by partition in offset order, from the beginning to
   * the end offsets as they were when the read started.
   *
   * @throws EngineException when the end is not reached within {@code timeout}
   */
  static List<StoredDeadLetter> deadLetters(String bootstrap, String topic, Duration timeout) {
    List<StoredDeadLetter> letters = new ArrayList<>();
    readToEnd(bootstrap, topic, timeout, record -> letters.add(StoredDeadLetter.of(record)));
    return letters;
  }

  /**
   * The {@code journal_seq} header of every record of the gap topic {@code topic}, from its start
   * to its end offsets (distinct: a record resent after a restart has its entry's seq again).
   *
   * @throws EngineException when the end is not reached within {@code timeout} or a record has no
   *     such header
   */
  static java.util.SortedSet<Long> gapJournalSeqs(
      String bootstrap, String topic, Duration timeout) {
    java.util.SortedSet<Long> seqs = new java.util.TreeSet<>();
    String name = io.marketlab.ingest.GapRecords.HEADER_JOURNAL_SEQ;
    readToEnd(
        bootstrap,
        topic,
        timeout,
        record -> {
          org.apache.kafka.common.header.Header seq = record.headers().lastHeader(name);
          if (seq == null) {
            throw new EngineException(
                topic
                    + " record at "
                    + record.partition()
                    + "@"
                    + record.offset()
                    + " has no "
                    + name
                    + " header");
          }
          seqs.add(
              Long.parseLong(new String(seq.value(), java.nio.charset.StandardCharsets.UTF_8)));
        });
    return seqs;
  }

  /**
   * Hands every record of {@code topic} below the end offsets it had when the read started to
   * {@code each}, partition by partition in offset order.
   */
  private static void readToEnd(
      String bootstrap,
      String topic,
      Duration timeout,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA_TIMEOUT);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long read = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new EngineException(
              "reading "
                  + topic
                  + " did not reach its end offsets "
                  + ends
                  + " within "
                  + timeout.toSeconds()
                  + " s ("
                  + read
                  + " records read)");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < ends.getOrDefault(partition, 0L)) {
            each.accept(record);
            read++;
          }
        }
      }
    } catch (KafkaException e) {
      throw new EngineException("cannot read " + topic + " at " + bootstrap + ": " + e, e);
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      throw new EngineException("topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "lab-read-back");
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
