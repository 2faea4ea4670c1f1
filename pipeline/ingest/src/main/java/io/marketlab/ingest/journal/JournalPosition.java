package io.marketlab.ingest.journal;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * How far Kafka has acknowledged the journal, as kept in its {@code position.properties}.
 *
 * @param ackedSeq the highest frame all of whose records were acknowledged, and every frame before
 *     it too; -1 when none
 * @param scanFrom per Kafka partition, an offset before which no record of this ingest belongs to a
 *     frame after {@code ackedSeq}: after a crash, the records of this ingest from there on are the
 *     ones that may have reached Kafka without their acknowledgement being recorded
 */
public record JournalPosition(long ackedSeq, Map<TopicPartition, Long> scanFrom) {

  public static final JournalPosition NONE = new JournalPosition(-1, Map.of());

  public JournalPosition {
    if (ackedSeq < -1) {
      throw new IllegalArgumentException("ackedSeq must be >= -1, got " + ackedSeq);
    }
    scanFrom = Map.copyOf(scanFrom);
  }

  @Override
  public String toString() {
    Map<String, Long> sorted = new TreeMap<>();
    for (Map.Entry<TopicPartition, Long> entry : scanFrom.entrySet()) {
      sorted.put(entry.getKey().toString(), entry.getValue());
    }
    return "acked seq " + ackedSeq + ", scan from " + sorted;
  }
}
