package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the stateful query keeps per symbol between micro-batches (Spark state, part of the
 * checkpoint), and what one batch does with it. Plain Java, so the rules can be tested without
 * Spark:
 *
 * <ol>
 *   <li>the batch's trades are put in arrival order, Kafka (partition, offset): the key is the
 *       symbol, so one symbol lives in one partition and offset order is the order it arrived in. A
 *       trade identity seen twice in one batch is kept once (the first);
 *   <li>lateness, trade by trade: a trade is late when its time is before {@code latest − delay},
 *       with {@code latest} the newest trade time of the symbol seen before it. Late trades are
 *       stored (flagged) and recorded with that watermark, never counted in candles;
 *   <li>every trade that {@link CandleMath#countsInCandles counts} is added to its open 1s, 1m and
 *       1h windows (exact decimal sums, open and close by {@link CandleMath#TRADE_ORDER}): a 1m
 *       candle is the merge of its 1s candles and a 1h candle the merge of its 1m candles;
 *   <li>at the end of the batch, with {@code watermark = latest − delay}: each window the batch
 *       changed is emitted (final when its end ≤ watermark); each other open window whose end the
 *       watermark passed is emitted once more as final; final windows leave the state.
 * </ol>
 *
 * A non-late trade can never fall in a window that already left the state: that window's end is at
 * most the watermark, so the trade would be before it, i.e. late.
 */
final class SymbolState {

  /**
   * 3: with the analytics state and its cool-downs; 2 (no cool-downs) and 1 (no analytics) are
   * still read, what they lack from empty.
   */
  private static final byte FORMAT = 3;

  private static final byte FORMAT_WITHOUT_COOLDOWN = 2;

  private static final byte FORMAT_WITHOUT_ANALYTICS = 1;

  /** Arrival order: Kafka partition, then offset. */
  static final Comparator<TradeRow> KAFKA_ORDER =
      Comparator.comparingInt(TradeRow::kafkaPartition).thenComparingLong(TradeRow::kafkaOffset);

  private final String symbol;
  private boolean seen;
  private long latestTradeMs;
  private final Map<Resolution, TreeMap<Long, OpenWindow>> open = new EnumMap<>(Resolution.class);
  private Analytics analytics;

  private SymbolState(String symbol, Analytics.Params params) {
    this.symbol = symbol;
    this.analytics = new Analytics(params);
    for (Resolution resolution : Resolution.values()) {
      open.put(resolution, new TreeMap<>());
    }
  }

  /** The state of a symbol never seen. */
  public static SymbolState empty(String symbol) {
    return empty(symbol, Analytics.Params.DEFAULTS);
  }

  /** The state of a symbol never seen, with these detector settings. */
  public static SymbolState empty(String symbol, Analytics.Params params) {
    return new SymbolState(symbol, params);
  }

  Analytics analytics() {
    return analytics;
  }

  public String symbol() {
    return symbol;
  }

  /** Whether a trade of this symbol was ever seen (only then is there a watermark). */
  public boolean seen() {
    return seen;
  }

  /** The newest trade time seen, in arrival order (meaningful when {@link #seen()}). */
  public long latestTradeMs() {
    return latestTradeMs;
  }

  /** Open windows, all resolutions. */
  public int openWindows() {
    int count = 0;
    for (TreeMap<Long, OpenWindow> windows : open.values()) {
      count += windows.size();
    }
    return count;
  }

  /** What one batch produces, in the order it is produced. */
  public interface Output {

    /** A trade as stored, late flag set; {@code watermarkMs} is the one it was behind, if late. */
    void trade(TradeRow trade, long watermarkMs);

    /** A trade whose identity came earlier in the same batch: not stored again. */
    void duplicate(TradeRow trade);

    /**
     * A candle to upsert: {@code changed} when the batch added trades to it, else it is a window
     * that just became final.
     */
    void candle(Candle candle, boolean changed);

    /** An hour's figures to upsert (docs/ANALYTICS.md). */
    default void hourly(HourlyRow row) {}

    /** An anomaly a final 1 s candle raised. */
    default void anomaly(Analytics.Anomaly anomaly) {}
  }

  /**
   * Applies one batch of this symbol's trades (any order) and reports what to write.
   *
   * @param delayMs the watermark delay
   */
  public void apply(List<TradeRow> trades, long delayMs, Output output) {
    apply(List.of(), trades, delayMs, output);
  }

  /**
   * Applies one batch: first the symbol's recorded gaps (they decide which observations the anomaly
   * detectors skip), then its trades.
   */
  public void apply(List<GapSpan> gapSpans, List<TradeRow> trades, long delayMs, Output output) {
    for (GapSpan span : gapSpans) {
      analytics.gap(span);
    }
    if (trades.isEmpty()) {
      return;
    }
    List<TradeRow> arrival = new ArrayList<>(trades);
    arrival.sort(KAFKA_ORDER);
    Set<TradeRow.TradeIdentity> identities = new HashSet<>();
    for (TradeRow trade : arrival) {
      if (!trade.symbol().equals(symbol)) {
        throw new IllegalArgumentException(
            "a trade of " + trade.symbol() + " in the state of " + symbol);
      }
      if (!identities.add(trade.identity())) {
        output.duplicate(trade);
        continue;
      }
      long watermark = latestTradeMs - delayMs;
      boolean late = seen && trade.tradeTsMs() < watermark;
      TradeRow row = trade.withLate(late);
      output.trade(row, late ? watermark : 0);
      if (CandleMath.countsInCandles(row)) {
        for (Resolution resolution : Resolution.values()) {
          long start = resolution.windowStart(row.tradeTsMs());
          open.get(resolution).computeIfAbsent(start, s -> new OpenWindow(resolution, s)).add(row);
        }
      }
      if (!seen || trade.tradeTsMs() > latestTradeMs) {
        latestTradeMs = trade.tradeTsMs();
        seen = true;
      }
    }
    long watermark = latestTradeMs - delayMs;
    // Hours that got a new final 1 s candle: their realised volatility changed.
    Set<Long> hoursMoved = new HashSet<>();
    // In Resolution order (1s first): the final 1 s candles reach the analytics before their hour.
    for (Resolution resolution : Resolution.values()) {
      Iterator<OpenWindow> windows = open.get(resolution).values().iterator();
      while (windows.hasNext()) {
        OpenWindow window = windows.next();
        boolean isFinal = window.endMs() <= watermark;
        if (window.touched || isFinal) {
          Candle candle = window.candle(symbol, isFinal);
          output.candle(candle, window.touched);
          if (isFinal && resolution == Resolution.SECOND) {
            analytics.second(
                candle.windowStartMs(), candle.close(), candle.volume(), output::anomaly);
            hoursMoved.add(Resolution.HOUR.windowStart(candle.windowStartMs()));
          }
          if (resolution == Resolution.HOUR) {
            output.hourly(hourly(candle));
          }
        } else if (resolution == Resolution.HOUR && hoursMoved.contains(window.startMs)) {
          output.hourly(hourly(window.candle(symbol, false)));
        }
        window.touched = false;
        if (isFinal) {
          windows.remove();
          if (resolution == Resolution.HOUR) {
            analytics.closeHour(window.startMs);
          }
        }
      }
    }
  }

  private HourlyRow hourly(Candle hour) {
    Analytics.HourReturns returns = analytics.hour(hour.windowStartMs());
    return returns == null
        ? new HourlyRow(hour, 0, 0.0)
        : new HourlyRow(hour, returns.count, returns.realizedVol());
  }

  /** The state as bytes (Spark keeps them in its state store, in the checkpoint). */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 160 * openWindows());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT);
      analytics.write(out);
      out.writeBoolean(seen);
      out.writeLong(latestTradeMs);
      out.writeInt(openWindows());
      for (TreeMap<Long, OpenWindow> windows : open.values()) {
        for (OpenWindow window : windows.values()) {
          window.write(out);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state {@link #toBytes} wrote. */
  public static SymbolState fromBytes(String symbol, byte[] bytes) {
    return fromBytes(symbol, bytes, Analytics.Params.DEFAULTS);
  }

  /**
   * The state {@link #toBytes} wrote, its detectors with {@code params} (settings are not state: a
   * restart with other settings goes on from the same baselines).
   */
  public static SymbolState fromBytes(String symbol, byte[] bytes, Analytics.Params params) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte format = in.readByte();
      if (format != FORMAT
          && format != FORMAT_WITHOUT_COOLDOWN
          && format != FORMAT_WITHOUT_ANALYTICS) {
        throw new IllegalStateException(
            "state of "
                + symbol
                + " has format "
                + format
                + ", this processor reads "
                + FORMAT
                + " (start from a new checkpoint)");
      }
      SymbolState state = new SymbolState(symbol, params);
      if (format != FORMAT_WITHOUT_ANALYTICS) {
        state.analytics = Analytics.read(in, params, format == FORMAT);
      }
      state.seen = in.readBoolean();
      state.latestTradeMs = in.readLong();
      int windows = in.readInt();
      for (int i = 0; i < windows; i++) {
        OpenWindow window = OpenWindow.read(in);
        state.open.get(window.resolution).put(window.startMs, window);
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException("state of " + symbol + " is unreadable", e);
    }
  }
}
