package io.marketlab.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The tables of the processor's keyspace and their column names. The processor creates them (its
 * {@code Schema} holds the types and keys) and writes them; the dashboard and the pipeline harness
 * read them. {@code COLUMNS} lists every column in the order of the table definition.
 */
public final class Tables {

  private Tables() {}

  /**
   * One row per trade; partition (symbol, UTC day of the trade time), rows by (trade time, ingest
   * id, frame sequence, index in frame). received_at and stored_at are µs since epoch.
   */
  public static final class Trades {
    public static final String NAME = "trades";
    public static final String SYMBOL = "symbol";
    public static final String DAY = "day";
    public static final String TRADE_TS = "trade_ts";
    public static final String INGEST_ID = "ingest_id";
    public static final String FRAME_SEQ = "frame_seq";
    public static final String INDEX_IN_FRAME = "index_in_frame";
    public static final String PRICE = "price";
    public static final String VOLUME = "volume";
    public static final String IS_PRICE_UPDATE = "is_price_update";
    public static final String IS_LATE = "is_late";
    public static final String CONDITIONS = "conditions";
    public static final String RECEIVED_AT = "received_at";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TS = "kafka_ts";
    public static final String STORED_AT = "stored_at";
    public static final List<String> COLUMNS =
        List.of(
            SYMBOL,
            DAY,
            TRADE_TS,
            INGEST_ID,
            FRAME_SEQ,
            INDEX_IN_FRAME,
            PRICE,
            VOLUME,
            IS_PRICE_UPDATE,
            IS_LATE,
            CONDITIONS,
            RECEIVED_AT,
            KAFKA_PARTITION,
            KAFKA_OFFSET,
            KAFKA_TS,
            STORED_AT);

    private Trades() {}

    /** The {@code day} of a trade made at {@code tradeTsMs}. */
    public static LocalDate day(long tradeTsMs) {
      return BucketSpan.DAY.of(tradeTsMs);
    }

    /** The {@code day} of a trade made at {@code tradeTs}. */
    public static LocalDate day(Instant tradeTs) {
      return BucketSpan.DAY.of(tradeTs);
    }
  }

  /**
   * OHLCV candles; partition (symbol, resolution, bucket) with bucket from {@link
   * Resolution#bucket}, rows by window start. volume_exact and notional_exact hold Σv and Σp·v
   * exactly.
   */
  public static final class Candles {
    public static final String NAME = "candles";
    public static final String SYMBOL = "symbol";
    public static final String RESOLUTION = "resolution";
    public static final String BUCKET = "bucket";
    public static final String WINDOW_START = "window_start";
    public static final String OPEN = "open";
    public static final String HIGH = "high";
    public static final String LOW = "low";
    public static final String CLOSE = "close";
    public static final String VOLUME = "volume";
    public static final String VWAP = "vwap";
    public static final String TRADE_COUNT = "trade_count";
    public static final String FIRST_TRADE_TS = "first_trade_ts";
    public static final String LAST_TRADE_TS = "last_trade_ts";
    public static final String VOLUME_EXACT = "volume_exact";
    public static final String NOTIONAL_EXACT = "notional_exact";
    public static final String IS_FINAL = "is_final";
    public static final String UPDATED_AT = "updated_at";

    /**
     * True when the window meets a gap (docs/CONTRACTS.md): set alone by an UPDATE, never by the
     * candle upserts; a row with only this set (no trade_count) is a window without trades.
     */
    public static final String INCOMPLETE = "incomplete";

    public static final List<String> COLUMNS =
        List.of(
            SYMBOL,
            RESOLUTION,
            BUCKET,
            WINDOW_START,
            OPEN,
            HIGH,
            LOW,
            CLOSE,
            VOLUME,
            VWAP,
            TRADE_COUNT,
            FIRST_TRADE_TS,
            LAST_TRADE_TS,
            VOLUME_EXACT,
            NOTIONAL_EXACT,
            IS_FINAL,
            UPDATED_AT,
            INCOMPLETE);

    private Candles() {}
  }

  /** Kafka records that are no trade; partition (topic, UTC day of the Kafka timestamp). */
  public static final class DeadLetters {
    public static final String NAME = "dead_letters";
    public static final String TOPIC = "topic";
    public static final String DAY = "day";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TS = "kafka_ts";
    public static final String VALUE = "value";
    public static final String REASON = "reason";
    public static final String SEEN_AT = "seen_at";
    public static final List<String> COLUMNS =
        List.of(TOPIC, DAY, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TS, VALUE, REASON, SEEN_AT);

    private DeadLetters() {}

    /** The {@code day} of a record appended to Kafka at {@code kafkaTsMs}. */
    public static LocalDate day(long kafkaTsMs) {
      return BucketSpan.DAY.of(kafkaTsMs);
    }
  }

  /** Trades that arrived behind their symbol's watermark; keyed like {@link Trades}. */
  public static final class LateTrades {
    public static final String NAME = "late_trades";
    public static final String SYMBOL = "symbol";
    public static final String DAY = "day";
    public static final String TRADE_TS = "trade_ts";
    public static final String INGEST_ID = "ingest_id";
    public static final String FRAME_SEQ = "frame_seq";
    public static final String INDEX_IN_FRAME = "index_in_frame";
    public static final String PRICE = "price";
    public static final String VOLUME = "volume";
    public static final String WATERMARK = "watermark";
    public static final String RECEIVED_AT = "received_at";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String RECORDED_AT = "recorded_at";
    public static final List<String> COLUMNS =
        List.of(
            SYMBOL,
            DAY,
            TRADE_TS,
            INGEST_ID,
            FRAME_SEQ,
            INDEX_IN_FRAME,
            PRICE,
            VOLUME,
            WATERMARK,
            RECEIVED_AT,
            KAFKA_PARTITION,
            KAFKA_OFFSET,
            RECORDED_AT);

    private LateTrades() {}
  }

  /** The per-symbol latest trade time after each batch of a query (lateness). */
  public static final class SymbolState {
    public static final String NAME = "symbol_state";
    public static final String QUERY_ID = "query_id";
    public static final String SYMBOL = "symbol";
    public static final String BATCH_ID = "batch_id";
    public static final String LATEST_TRADE_TS = "latest_trade_ts";
    public static final List<String> COLUMNS = List.of(QUERY_ID, SYMBOL, BATCH_ID, LATEST_TRADE_TS);

    private SymbolState() {}
  }

  /** One row per symbol seen, with its newest trade time (the dashboard's symbol list). */
  public static final class Symbols {
    public static final String NAME = "symbols";
    public static final String SYMBOL = "symbol";
    public static final String LATEST_TRADE_TS = "latest_trade_ts";
    public static final List<String> COLUMNS = List.of(SYMBOL, LATEST_TRADE_TS);

    private Symbols() {}
  }

  /** One row per processor batch, kept 7 days. */
  public static final class ProcessorBatches {
    public static final String NAME = "processor_batches";
    public static final String QUERY_ID = "query_id";
    public static final String BATCH_ID = "batch_id";
    public static final String RECORDS = "records";
    public static final String TRADES = "trades";
    public static final String PRICE_UPDATES = "price_updates";
    public static final String LATE_TRADES = "late_trades";
    public static final String DEAD_LETTERS = "dead_letters";
    public static final String CANDLES_WRITTEN = "candles_written";
    public static final String CANDLES_FINALIZED = "candles_finalized";
    public static final String OFFSETS = "offsets";
    public static final String DURATION_MS = "duration_ms";
    public static final String FINISHED_AT = "finished_at";
    public static final List<String> COLUMNS =
        List.of(
            QUERY_ID,
            BATCH_ID,
            RECORDS,
            TRADES,
            PRICE_UPDATES,
            LATE_TRADES,
            DEAD_LETTERS,
            CANDLES_WRITTEN,
            CANDLES_FINALIZED,
            OFFSETS,
            DURATION_MS,
            FINISHED_AT);

    private ProcessorBatches() {}
  }

  /**
   * Gaps in a symbol's feed (docs/CONTRACTS.md, Gaps); partition (symbol), rows by (gap_start =
   * from_ts, or to_ts when from is unknown, ingest id, from_received_at). Times: from_ts, to_ts
   * timestamps (trade time, null when unknown), from_received_at, to_received_at and recorded_at
   * bigint µs since epoch.
   */
  public static final class Gaps {
    public static final String NAME = "gaps";
    public static final String SYMBOL = "symbol";
    public static final String GAP_START = "gap_start";
    public static final String INGEST_ID = "ingest_id";
    public static final String FROM_RECEIVED_AT = "from_received_at";
    public static final String FROM_TS = "from_ts";
    public static final String TO_TS = "to_ts";
    public static final String TO_RECEIVED_AT = "to_received_at";
    public static final String REASON = "reason";
    public static final String RECORDED_AT = "recorded_at";
    public static final List<String> COLUMNS =
        List.of(
            SYMBOL,
            GAP_START,
            INGEST_ID,
            FROM_RECEIVED_AT,
            FROM_TS,
            TO_TS,
            TO_RECEIVED_AT,
            REASON,
            RECORDED_AT);

    private Gaps() {}
  }

  /**
   * One row per symbol and UTC hour (docs/ANALYTICS.md): the hour's OHLC, volume, VWAP and trade
   * count (equal to its 1h candle), its range (high − low) and the realised volatility of its 1 s
   * log returns, written by the stateful query: live while the hour is open, final once the
   * watermark passed its end. Partition (symbol), rows by hour start: one partition read gives a
   * symbol's history, and the comparisons are computed from it ({@link HourlyComparison}).
   */
  public static final class Hourly {
    public static final String NAME = "hourly";
    public static final String SYMBOL = "symbol";
    public static final String HOUR_START = "hour_start";
    public static final String OPEN = "open";
    public static final String HIGH = "high";
    public static final String LOW = "low";
    public static final String CLOSE = "close";
    public static final String VOLUME = "volume";
    public static final String VWAP = "vwap";
    public static final String TRADE_COUNT = "trade_count";
    public static final String RANGE = "range";

    /** sqrt(Σ r²) over the hour's 1 s log returns (final 1 s candles, consecutive, same hour). */
    public static final String REALIZED_VOL = "realized_vol";

    /** How many 1 s log returns realized_vol sums. */
    public static final String RETURNS = "returns";

    public static final String IS_FINAL = "is_final";
    public static final String UPDATED_AT = "updated_at";
    public static final List<String> COLUMNS =
        List.of(
            SYMBOL,
            HOUR_START,
            OPEN,
            HIGH,
            LOW,
            CLOSE,
            VOLUME,
            VWAP,
            TRADE_COUNT,
            RANGE,
            REALIZED_VOL,
            RETURNS,
            IS_FINAL,
            UPDATED_AT);

    private Hourly() {}
  }

  /**
   * One row per anomaly the stateful query raised (docs/ANALYTICS.md): partition (symbol), rows by
   * the 1 s window start and kind ({@link #PRICE_JUMP} or {@link #VOLUME_SPIKE}). value is the 1 s
   * log return (jumps) or the 1 s volume (spikes); baseline the robust sigma of returns (jumps) or
   * the baseline volume exp(m) (spikes); prev_ts and prev_close the 1 s candle the return is from
   * (jumps only); detected_at µs since epoch.
   */
  public static final class Anomalies {
    public static final String NAME = "anomalies";
    public static final String SYMBOL = "symbol";
    public static final String TS = "ts";
    public static final String KIND = "kind";
    public static final String SCORE = "score";
    public static final String VALUE = "value";
    public static final String BASELINE = "baseline";
    public static final String THRESHOLD = "threshold";
    public static final String CLOSE = "close";
    public static final String PREV_TS = "prev_ts";
    public static final String PREV_CLOSE = "prev_close";
    public static final String VOLUME = "volume";
    public static final String DETECTED_AT = "detected_at";
    public static final List<String> COLUMNS =
        List.of(
            SYMBOL,
            TS,
            KIND,
            SCORE,
            VALUE,
            BASELINE,
            THRESHOLD,
            CLOSE,
            PREV_TS,
            PREV_CLOSE,
            VOLUME,
            DETECTED_AT);

    /** The kind of a 1 s log return of at least the jump threshold in robust sigmas. */
    public static final String PRICE_JUMP = "price_jump";

    /** The kind of a 1 s volume at least the volume threshold above its baseline. */
    public static final String VOLUME_SPIKE = "volume_spike";

    private Anomalies() {}
  }

  /** The table names, in the order the processor creates them. */
  public static final List<String> NAMES =
      List.of(
          Trades.NAME,
          Candles.NAME,
          DeadLetters.NAME,
          LateTrades.NAME,
          SymbolState.NAME,
          Symbols.NAME,
          ProcessorBatches.NAME,
          Gaps.NAME,
          Hourly.NAME,
          Anomalies.NAME);
}
