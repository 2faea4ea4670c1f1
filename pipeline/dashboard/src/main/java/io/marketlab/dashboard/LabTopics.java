package io.marketlab.dashboard;

import io.marketlab.model.GapSchema;
import java.util.List;

/**
 * The topics of one pipeline: trades (Avro {@code Trade}), its gaps ({@code TOPIC.gaps}, Avro
 * {@code Gap}) and the ingest's dead letters (raw frames with headers), docs/CONTRACTS.md.
 */
record LabTopics(String trades, String gaps, String deadLetters) {

  /** What a topic holds, which says how its records are decoded. */
  enum Role {
    TRADES("trades"),
    GAPS("gaps"),
    DEAD_LETTERS("dead-letters");

    final String label;

    Role(String label) {
      this.label = label;
    }
  }

  static LabTopics of(String trades, String deadLetters) {
    return new LabTopics(trades, GapSchema.topicFor(trades), deadLetters);
  }

  List<String> names() {
    return List.of(trades, deadLetters, gaps);
  }

  /** The role of one of these topics, or null when it is none of them. */
  Role roleOf(String topic) {
    if (topic.equals(trades)) {
      return Role.TRADES;
    }
    if (topic.equals(gaps)) {
      return Role.GAPS;
    }
    if (topic.equals(deadLetters)) {
      return Role.DEAD_LETTERS;
    }
    return null;
  }
}
