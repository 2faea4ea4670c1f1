package io.marketlab.ingest;

import io.marketlab.ingest.journal.JournalEntry;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka records one journaled frame becomes: its valid trades (each with its index in the
 * frame) and at most one dead letter.
 *
 * @param tradeIndexes the index in the frame of each of {@code trades}, in the same order
 * @param deadLetter the frame's one dead letter, or null
 * @param deadLetterCategory {@code malformed}, {@code unknown-type} or {@code rejected}; null
 *     without a dead letter
 * @param rejectedTrades trades of the frame the dead letter stands for (0 for a whole frame)
 */
record FrameRecords(
    JournalEntry entry,
    List<ProducerRecord<byte[], byte[]>> trades,
    List<Integer> tradeIndexes,
    ProducerRecord<byte[], byte[]> deadLetter,
    String deadLetterCategory,
    int rejectedTrades) {

  FrameRecords {
    trades = List.copyOf(trades);
    tradeIndexes = List.copyOf(tradeIndexes);
  }

  static FrameRecords none(JournalEntry entry) {
    return new FrameRecords(entry, List.of(), List.of(), null, null, 0);
  }
}
