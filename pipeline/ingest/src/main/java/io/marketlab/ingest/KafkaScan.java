package io.marketlab.ingest;

import io.marketlab.avro.Trade;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;

/**
 * What of this ingest's records Kafka already holds, read before (re)sending from the journal: per
 * partition of the trades, dead-letter and gaps topics, every record from the recorded scan offset
 * to the end offset, keeping the identities of this ingest's records ({@code (frame_seq,
 * index_in_frame)} of trades, {@code frame_seq} of dead letters, {@code journal_seq} of gaps). A
 * record whose identity is found is not sent again, so a frame whose records reached Kafka before
 * its acknowledgement was recorded (a kill -9, a delivery timeout on a record the broker did write)
 * is never doubled, and a record missing in the middle (a batch that expired while later ones were
 * written) is still resent.
 */
final class KafkaScan {

  /**
   * @param startedAt per partition, where the scan read from
   * @param endedAt per partition, the end offset it read to
   * @param tradeIds identities ({@link #tradeId}) of this ingest's trades found
   * @param deadLetterSeqs frame seqs of this ingest's dead letters found
   * @param gapSeqs journal seqs of this ingest's gap records found
   * @param highestSeq the highest frame seq of this ingest found, -1 for none
   * @param recordsRead records read (of any ingest)
   */
  record Result(
      Map<TopicPartition, Long> startedAt,
      Map<TopicPartition, Long> endedAt,
      Set<Long> tradeIds,
      Set<Long> deadLetterSeqs,
      Set<Long> gapSeqs,
      long highestSeq,
      long recordsRead) {

    boolean holdsTrade(long frameSeq, int index) {
      return tradeIds.contains(tradeId(frameSeq, index));
    }

    boolean holdsDeadLetter(long frameSeq) {
      return deadLetterSeqs.contains(frameSeq);
    }

    boolean holdsGap(long journalSeq) {
      return gapSeqs.contains(journalSeq);
    }
  }

  /** Trades per frame are far below 2^20: a frame over 1 MiB is malformed whatever it holds. */
  static long tradeId(long frameSeq, int index) {
    return (frameSeq << 20) | (index & 0xFFFFF);
  }

  private final Consumer<byte[], byte[]> consumer;
  private final String ingestId;
  private final String tradesTopic;
  private final String deadLetterTopic;
  private final String gapTopic;
  private final Duration timeout;
  private final SpecificDatumReader<Trade> reader = new SpecificDatumReader<>(Trade.class);
  private BinaryDecoder decoder;

  KafkaScan(
      Consumer<byte[], byte[]> consumer,
      String ingestId,
      String tradesTopic,
      String deadLetterTopic,
      Duration timeout) {
    this.consumer = consumer;
    this.ingestId = ingestId;
    this.tradesTopic = tradesTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.gapTopic = io.marketlab.model.GapSchema.topicFor(tradesTopic);
    this.timeout = timeout;
  }

  /**
   * Reads what Kafka holds from {@code scanFrom} on. A partition {@code scanFrom} does not name is
   * read from its start, or not at all when {@code nothingSentYet} (a new journal: no record of its
   * ingest id can exist).
   *
   * @throws org.apache.kafka.common.KafkaException when Kafka does not answer within the timeout
   */
  Result scan(Map<TopicPartition, Long> scanFrom, boolean nothingSentYet) {
    List<TopicPartition> partitions = new ArrayList<>();
    partitions.addAll(partitionsOf(tradesTopic));
    partitions.addAll(partitionsOf(deadLetterTopic));
    partitions.addAll(partitionsOf(gapTopic));
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
    Map<TopicPartition, Long> starts = new HashMap<>();
    List<TopicPartition> toRead = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      long begin = begins.getOrDefault(partition, 0L);
      long end = ends.getOrDefault(partition, 0L);
      Long recorded = scanFrom.get(partition);
      long start = recorded != null ? recorded : nothingSentYet ? end : begin;
      start = Math.min(Math.max(start, begin), end);
      starts.put(partition, start);
      if (start < end) {
        toRead.add(partition);
      }
    }
    Set<Long> trades = new HashSet<>();
    Set<Long> deadLetters = new HashSet<>();
    Set<Long> gaps = new HashSet<>();
    long highest = -1;
    long read = 0;
    consumer.assign(toRead);
    for (TopicPartition partition : toRead) {
      consumer.seek(partition, starts.get(partition));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TopicPartition> open = new ArrayList<>(toRead);
    while (!open.isEmpty()) {
      boolean progressed = false;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() >= ends.getOrDefault(partition, 0L)) {
          continue;
        }
        read++;
        progressed = true;
        long seq;
        if (record.topic().equals(tradesTopic)) {
          seq = tradeSeq(record, trades);
        } else if (record.topic().equals(gapTopic)) {
          seq = seqHeader(record, GapRecords.HEADER_JOURNAL_SEQ);
          if (seq >= 0) {
            gaps.add(seq);
          }
        } else {
          seq = seqHeader(record, TradeProducer.HEADER_FRAME_SEQ);
          if (seq >= 0) {
            deadLetters.add(seq);
          }
        }
        highest = Math.max(highest, seq);
      }
      open.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
      if (progressed) {
        deadline = System.nanoTime() + timeout.toNanos();
      } else if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "reading back " + open + " made no progress for " + timeout.toSeconds() + " s");
      }
    }
    consumer.assign(List.of());
    return new Result(
        Map.copyOf(starts), Map.copyOf(ends), trades, deadLetters, gaps, highest, read);
  }

  private List<TopicPartition> partitionsOf(String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    List<TopicPartition> partitions = new ArrayList<>();
    if (infos != null) {
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    return partitions;
  }

  /** This ingest's trade: adds its identity and returns its frame seq; -1 for another's. */
  private long tradeSeq(ConsumerRecord<byte[], byte[]> record, Set<Long> into) {
    Trade trade;
    try {
      decoder = DecoderFactory.get().binaryDecoder(record.value(), decoder);
      trade = reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      return -1; // not a trade this ingest wrote
    }
    if (!ingestId.equals(trade.getIngestId().toString())) {
      return -1;
    }
    into.add(tradeId(trade.getFrameSeq(), trade.getIndexInFrame()));
    return trade.getFrameSeq();
  }

  /** The seq in header {@code key} of this ingest's dead letter or gap; -1 for another's. */
  private long seqHeader(ConsumerRecord<byte[], byte[]> record, String key) {
    if (!ingestId.equals(header(record, TradeProducer.HEADER_INGEST_ID))) {
      return -1; // another ingest's, or a gap written before gaps were journaled
    }
    try {
      return Long.parseLong(header(record, key));
    } catch (NumberFormatException | NullPointerException e) {
      return -1;
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
