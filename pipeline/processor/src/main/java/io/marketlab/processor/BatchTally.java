package io.marketlab.processor;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * What the writers of one micro-batch did, counted on the executors and summed on the driver by a
 * Spark accumulator ({@link Accumulator}): the driver never sees a row. A failed task's counts are
 * dropped by Spark, and its retry counts again, so the sums are those of the batch as committed.
 */
final class BatchTally implements Serializable {

  private static final long serialVersionUID = 1L;

  long records;
  long trades;
  long priceUpdates;
  long lateTrades;
  long deadLetters;
  long candlesWritten;
  long candlesFinalized;
  long hourly;
  long anomalies;

  /** Kafka partition → {lowest, highest} offset seen. */
  final Map<Integer, long[]> offsets = new TreeMap<>();

  void offset(int partition, long offset) {
    long[] range = offsets.computeIfAbsent(partition, p -> new long[] {offset, offset});
    range[0] = Math.min(range[0], offset);
    range[1] = Math.max(range[1], offset);
  }

  void add(BatchTally other) {
    records += other.records;
    trades += other.trades;
    priceUpdates += other.priceUpdates;
    lateTrades += other.lateTrades;
    deadLetters += other.deadLetters;
    candlesWritten += other.candlesWritten;
    candlesFinalized += other.candlesFinalized;
    hourly += other.hourly;
    anomalies += other.anomalies;
    for (Map.Entry<Integer, long[]> entry : other.offsets.entrySet()) {
      offset(entry.getKey(), entry.getValue()[0]);
      offset(entry.getKey(), entry.getValue()[1]);
    }
  }

  BatchTally copy() {
    BatchTally copy = new BatchTally();
    copy.add(this);
    return copy;
  }

  boolean isEmpty() {
    return records == 0 && candlesWritten == 0 && candlesFinalized == 0 && offsets.isEmpty();
  }

  /** {@code p0:[120..340] p1:[7..9]}, or {@code none}. */
  String offsetsText() {
    if (offsets.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Integer, long[]> entry : offsets.entrySet()) {
      text.append(text.length() == 0 ? "" : " ")
          .append('p')
          .append(entry.getKey())
          .append(":[")
          .append(entry.getValue()[0])
          .append("..")
          .append(entry.getValue()[1])
          .append(']');
    }
    return text.toString();
  }

  /** Sums the tallies of a batch's tasks. */
  public static final class Accumulator extends AccumulatorV2<BatchTally, BatchTally> {

    private static final long serialVersionUID = 1L;

    private BatchTally sum = new BatchTally();

    @Override
    public boolean isZero() {
      return sum.isEmpty();
    }

    @Override
    public Accumulator copy() {
      Accumulator copy = new Accumulator();
      copy.sum = sum.copy();
      return copy;
    }

    @Override
    public void reset() {
      sum = new BatchTally();
    }

    @Override
    public void add(BatchTally tally) {
      sum.add(tally);
    }

    @Override
    public void merge(AccumulatorV2<BatchTally, BatchTally> other) {
      sum.add(other.value());
    }

    @Override
    public BatchTally value() {
      return sum;
    }
  }
}
