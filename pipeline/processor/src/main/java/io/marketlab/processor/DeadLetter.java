package io.marketlab.processor;

/**
 * A Kafka record that is not a valid {@code Trade}, with everything needed to inspect or replay it.
 * Keyed by (topic, partition, offset), so a replay of the same offsets rewrites the same row.
 *
 * @param value the raw record value (empty for a null value)
 * @param kafkaTsMs broker append time; its UTC day is the partition bucket (deterministic on
 *     replay)
 */
record DeadLetter(
    String topic,
    int kafkaPartition,
    long kafkaOffset,
    long kafkaTsMs,
    byte[] value,
    String reason) {

  public DeadLetter {
    value = value == null ? new byte[0] : value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }
}
