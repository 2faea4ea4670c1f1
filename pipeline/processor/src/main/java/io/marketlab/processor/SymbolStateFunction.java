package io.marketlab.processor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;

/**
 * The function of {@code groupByKey(symbol).flatMapGroupsWithState}: runs on the executors, once
 * per symbol present in a micro-batch, with that symbol's {@link SymbolState} from Spark's state
 * store. Dead letters come in under {@link #DEAD_LETTER_KEY} (no symbol has it: a blank symbol is a
 * dead letter) and pass through without state.
 */
final class SymbolStateFunction
    implements FlatMapGroupsWithStateFunction<String, Row, byte[], OutputRow> {

  private static final long serialVersionUID = 1L;

  /** The grouping key of every dead letter. */
  static final String DEAD_LETTER_KEY = "";

  private final long watermarkDelayMs;

  /**
   * Whether every trade comes out as a row (this query writes trade rows), or only late trades and
   * one {@link OutputRow#TALLY} per symbol (a real-time query writes them).
   */
  private final boolean tradeRows;

  /** The topic whose rows are the symbol's recorded gaps; null = none. */
  private final String gapsTopic;

  private final Analytics.Params anomalies;

  SymbolStateFunction(long watermarkDelayMs) {
    this(watermarkDelayMs, true);
  }

  SymbolStateFunction(long watermarkDelayMs, boolean tradeRows) {
    this(watermarkDelayMs, tradeRows, null, Analytics.Params.DEFAULTS);
  }

  SymbolStateFunction(
      long watermarkDelayMs, boolean tradeRows, String gapsTopic, Analytics.Params anomalies) {
    this.gapsTopic = gapsTopic;
    this.anomalies = java.util.Objects.requireNonNull(anomalies, "anomaly settings");
    if (watermarkDelayMs < 0) {
      throw new IllegalArgumentException(
          "watermark delay must be >= 0 ms, got " + watermarkDelayMs);
    }
    this.watermarkDelayMs = watermarkDelayMs;
    this.tradeRows = tradeRows;
  }

  /** The grouping key of a decoded row. */
  static String keyOf(Row decoded) {
    return DecodedRows.isDeadLetter(decoded) ? DEAD_LETTER_KEY : decoded.getAs("symbol");
  }

  @Override
  public Iterator<OutputRow> call(String key, Iterator<Row> rows, GroupState<byte[]> state) {
    List<OutputRow> output = new ArrayList<>();
    if (key.equals(DEAD_LETTER_KEY)) {
      while (rows.hasNext()) {
        output.add(OutputRow.deadLetter(DecodedRows.toDeadLetter(rows.next())));
      }
      return output.iterator();
    }
    List<TradeRow> trades = new ArrayList<>();
    List<GapSpan> gaps = new ArrayList<>();
    String topic = null;
    while (rows.hasNext()) {
      Row row = rows.next();
      if (Transforms.isGapRow(row, gapsTopic)) {
        GapSpan span = gapSpan(row.getAs("raw"));
        if (span != null) {
          gaps.add(span);
        }
        continue;
      }
      topic = topic == null ? row.getAs("topic") : topic;
      trades.add(DecodedRows.toTrade(row));
    }
    SymbolState symbol =
        state.exists()
            ? SymbolState.fromBytes(key, state.get(), anomalies)
            : SymbolState.empty(key, anomalies);
    step(symbol, gaps, trades, topic, watermarkDelayMs, tradeRows, output);
    state.update(symbol.toBytes());
    return output.iterator();
  }

  /**
   * The span of a gap record's value; null when it is not a usable gap (the gaps query says so).
   */
  static GapSpan gapSpan(byte[] value) {
    try {
      return GapRow.decode(value).span();
    } catch (IllegalArgumentException unusable) {
      return null;
    }
  }

  /**
   * One symbol's batch: applies the trades to the state and appends the rows to write, ending with
   * the symbol's latest trade time.
   */
  static void step(
      SymbolState state,
      List<TradeRow> trades,
      String topic,
      long delayMs,
      List<OutputRow> output) {
    step(state, trades, topic, delayMs, true, output);
  }

  /**
   * @param tradeRows false: only late trades come out as trade rows, the rest is counted in one
   *     {@link OutputRow#TALLY} row (emitted first)
   */
  static void step(
      SymbolState state,
      List<TradeRow> trades,
      String topic,
      long delayMs,
      boolean tradeRows,
      List<OutputRow> output) {
    step(state, List.of(), trades, topic, delayMs, tradeRows, output);
  }

  /**
   * @param gaps the symbol's gaps of this batch, applied before its trades
   */
  static void step(
      SymbolState state,
      List<GapSpan> gaps,
      List<TradeRow> trades,
      String topic,
      long delayMs,
      boolean tradeRows,
      List<OutputRow> output) {
    BatchTally tally = new BatchTally();
    int tallyAt = output.size();
    state.apply(
        gaps,
        trades,
        delayMs,
        new SymbolState.Output() {
          @Override
          public void trade(TradeRow trade, long watermarkMs) {
            if (tradeRows || trade.late()) {
              output.add(OutputRow.trade(trade, topic, watermarkMs));
              return;
            }
            tally.records++;
            tally.trades++;
            tally.priceUpdates += trade.isPriceUpdate() ? 1 : 0;
            tally.offset(trade.kafkaPartition(), trade.kafkaOffset());
          }

          @Override
          public void duplicate(TradeRow trade) {
            if (tradeRows) {
              output.add(OutputRow.duplicate(trade));
              return;
            }
            tally.records++;
            tally.offset(trade.kafkaPartition(), trade.kafkaOffset());
          }

          @Override
          public void candle(Candle candle, boolean changed) {
            output.add(OutputRow.candle(candle, changed));
          }

          @Override
          public void hourly(HourlyRow row) {
            output.add(OutputRow.hourly(row));
          }

          @Override
          public void anomaly(Analytics.Anomaly anomaly) {
            output.add(OutputRow.anomaly(state.symbol(), anomaly));
          }
        });
    if (!tally.isEmpty()) {
      output.add(tallyAt, OutputRow.tally(state.symbol(), tally));
    }
    if (state.seen()) {
      output.add(OutputRow.symbol(state.symbol(), state.latestTradeMs()));
    }
  }
}
