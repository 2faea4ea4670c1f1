package io.marketlab.processor;

import java.util.Iterator;
import org.apache.spark.api.java.function.ForeachPartitionFunction;

/**
 * Writes one partition of a micro-batch's output from the executor that computed it, and counts
 * what it wrote into the batch's accumulator. When a real-time query writes trade rows and dead
 * letters ({@code tradeRows} false), this one writes only what needs the state: late flags, late
 * trades, candles, symbols; it still counts everything.
 */
final class PartitionWriter implements ForeachPartitionFunction<OutputRow> {

  private static final long serialVersionUID = 1L;

  private final ProcessorStore store;
  private final BatchTally.Accumulator tally;
  private final boolean tradeRows;

  PartitionWriter(ProcessorStore store, BatchTally.Accumulator tally, boolean tradeRows) {
    this.store = store;
    this.tally = tally;
    this.tradeRows = tradeRows;
  }

  @Override
  public void call(Iterator<OutputRow> rows) {
    if (!rows.hasNext()) {
      return;
    }
    tally.add(write(rows, store.open(), tradeRows));
  }

  /** Hands every row to the writer, waits for it to finish, and says what was written. */
  static BatchTally write(Iterator<OutputRow> rows, ProcessorStore.RowWriter writer) {
    return write(rows, writer, true);
  }

  static BatchTally write(
      Iterator<OutputRow> rows, ProcessorStore.RowWriter writer, boolean tradeRows) {
    BatchTally tally = new BatchTally();
    while (rows.hasNext()) {
      OutputRow row = rows.next();
      switch (row.getKind()) {
        case OutputRow.TRADE -> {
          TradeRow trade = row.toTrade();
          if (tradeRows) {
            writer.trade(trade, row.getTopic());
          } else if (trade.late()) {
            writer.lateFlag(trade);
          }
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
          if (tradeRows) {
            writer.deadLetter(row.toDeadLetter());
          }
          tally.records++;
          tally.deadLetters++;
          tally.offset(row.getKafkaPartition(), row.getKafkaOffset());
        }
        case OutputRow.CANDLE -> {
          if (row.isChanged()) {
            writer.candle(row.toCandle());
            tally.candlesWritten++;
          } else {
            writer.finalCandle(row.toCandle());
            tally.candlesFinalized++;
          }
        }
        case OutputRow.SYMBOL -> writer.symbol(row.getSymbol(), row.getLatestTradeMs());
        case OutputRow.TALLY -> tally.add(row.toTally());
        case OutputRow.HOURLY -> {
          writer.hourly(row.toHourly());
          tally.hourly++;
        }
        case OutputRow.ANOMALY -> {
          writer.anomaly(row.getSymbol(), row.toAnomaly());
          tally.anomalies++;
        }
        default -> throw new IllegalStateException("unknown output row kind " + row.getKind());
      }
    }
    tally.deadLetters += writer.finish();
    return tally;
  }
}
