package io.marketlab.processor;

import java.util.Iterator;
import org.apache.spark.api.java.function.ForeachPartitionFunction;

/**
 * Writes one partition of a micro-batch's output from the executor that computed it, and counts
 * what it wrote into the batch's accumulator.
 */
final class PartitionWriter implements ForeachPartitionFunction<OutputRow> {

  private static final long serialVersionUID = 1L;

  private final ProcessorStore store;
  private final BatchTally.Accumulator tally;

  PartitionWriter(ProcessorStore store, BatchTally.Accumulator tally) {
    this.store = store;
    this.tally = tally;
  }

  @Override
  public void call(Iterator<OutputRow> rows) {
    if (!rows.hasNext()) {
      return;
    }
    tally.add(write(rows, store.open()));
  }

  /** Hands every row to the writer, waits for it to finish, and says what was written. */
  static BatchTally write(Iterator<OutputRow> rows, ProcessorStore.RowWriter writer) {
    BatchTally tally = new BatchTally();
    while (rows.hasNext()) {
      OutputRow row = rows.next();
      switch (row.getKind()) {
        case OutputRow.TRADE -> {
          TradeRow trade = row.toTrade();
          writer.trade(trade, row.getTopic());
          tally.records++;
          tally.trades++;
          tally.priceUpdates += trade.isPriceUpdate() ? 1 : 0;
          if (trade.late()) {
            writer.lateTrade(new LateTrade(trade, row.getWatermarkMs()));
            tally.lateTrades++;
          }
          tally.offset(row.getKafkaPartition(), row.getKafkaOffset());
        }
        case OutputRow.DUPLICATE -> {
          tally.records++;
          tally.offset(row.getKafkaPartition(), row.getKafkaOffset());
        }
        case OutputRow.DEAD_LETTER -> {
          writer.deadLetter(row.toDeadLetter());
          tally.records++;
          tally.deadLetters++;
          tally.offset(row.getKafkaPartition(), row.getKafkaOffset());
        }
        case OutputRow.CANDLE -> {
          writer.candle(row.toCandle());
          if (row.isChanged()) {
            tally.candlesWritten++;
          } else {
            tally.candlesFinalized++;
          }
        }
        case OutputRow.SYMBOL -> writer.symbol(row.getSymbol(), row.getLatestTradeMs());
        default -> throw new IllegalStateException("unknown output row kind " + row.getKind());
      }
    }
    tally.deadLetters += writer.finish();
    return tally;
  }
}
