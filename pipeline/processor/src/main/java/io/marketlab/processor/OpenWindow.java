package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The running candle of one window that the watermark has not passed yet: what {@link
 * CandleMath#fromTrades} computes from the window's counted trades, kept as an accumulator. Open
 * and close are the first and last trade by {@link CandleMath#TRADE_ORDER}, so each end keeps that
 * order's key (trade time, ingest id, frame sequence, index in frame); sums are exact decimals, so
 * the result does not depend on the order trades are added in.
 */
final class OpenWindow {

  final Resolution resolution;
  final long startMs;
  private TradeKey first;
  private double open;
  private TradeKey last;
  private double close;
  private double high = Double.NEGATIVE_INFINITY;
  private double low = Double.POSITIVE_INFINITY;
  private BigDecimal volume = BigDecimal.ZERO;
  private BigDecimal notional = BigDecimal.ZERO;
  private long count;

  /** Changed by the batch being applied; never stored. */
  boolean touched;

  OpenWindow(Resolution resolution, long startMs) {
    this.resolution = resolution;
    this.startMs = startMs;
  }

  long endMs() {
    return startMs + resolution.widthMillis();
  }

  /** Adds a trade that counts in candles (the caller checks {@link CandleMath#countsInCandles}). */
  void add(TradeRow trade) {
    TradeKey key = TradeKey.of(trade);
    if (count == 0 || key.compareTo(first) < 0) {
      first = key;
      open = trade.price();
    }
    if (count == 0 || key.compareTo(last) > 0) {
      last = key;
      close = trade.price();
    }
    high = Math.max(high, trade.price());
    low = Math.min(low, trade.price());
    BigDecimal v = BigDecimal.valueOf(trade.volume());
    volume = volume.add(v);
    notional = notional.add(BigDecimal.valueOf(trade.price()).multiply(v));
    count++;
    touched = true;
  }

  Candle candle(String symbol, boolean isFinal) {
    return new Candle(
        symbol,
        resolution,
        startMs,
        open,
        high,
        low,
        close,
        volume,
        notional,
        count,
        first.tradeTsMs(),
        last.tradeTsMs(),
        isFinal);
  }

  void write(DataOutputStream out) throws IOException {
    out.writeUTF(resolution.label());
    out.writeLong(startMs);
    first.write(out);
    out.writeDouble(open);
    last.write(out);
    out.writeDouble(close);
    out.writeDouble(high);
    out.writeDouble(low);
    writeDecimal(out, volume);
    writeDecimal(out, notional);
    out.writeLong(count);
  }

  static OpenWindow read(DataInputStream in) throws IOException {
    OpenWindow window = new OpenWindow(Resolution.parse(in.readUTF()), in.readLong());
    window.first = TradeKey.read(in);
    window.open = in.readDouble();
    window.last = TradeKey.read(in);
    window.close = in.readDouble();
    window.high = in.readDouble();
    window.low = in.readDouble();
    window.volume = readDecimal(in);
    window.notional = readDecimal(in);
    window.count = in.readLong();
    return window;
  }

  /** Unscaled value and scale: the decimal comes back equal, scale included. */
  private static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
    byte[] unscaled = value.unscaledValue().toByteArray();
    out.writeInt(value.scale());
    out.writeInt(unscaled.length);
    out.write(unscaled);
  }

  private static BigDecimal readDecimal(DataInputStream in) throws IOException {
    int scale = in.readInt();
    byte[] unscaled = new byte[in.readInt()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  /** A trade's place in {@link CandleMath#TRADE_ORDER}. */
  record TradeKey(long tradeTsMs, String ingestId, long frameSeq, int indexInFrame)
      implements Comparable<TradeKey> {

    static TradeKey of(TradeRow trade) {
      return new TradeKey(
          trade.tradeTsMs(), trade.ingestId(), trade.frameSeq(), trade.indexInFrame());
    }

    @Override
    public int compareTo(TradeKey other) {
      int byTime = Long.compare(tradeTsMs, other.tradeTsMs);
      if (byTime != 0) {
        return byTime;
      }
      int byRun = ingestId.compareTo(other.ingestId);
      if (byRun != 0) {
        return byRun;
      }
      int byFrame = Long.compare(frameSeq, other.frameSeq);
      return byFrame != 0 ? byFrame : Integer.compare(indexInFrame, other.indexInFrame);
    }

    void write(DataOutputStream out) throws IOException {
      out.writeLong(tradeTsMs);
      byte[] run = ingestId.getBytes(StandardCharsets.UTF_8);
      out.writeInt(run.length);
      out.write(run);
      out.writeLong(frameSeq);
      out.writeInt(indexInFrame);
    }

    static TradeKey read(DataInputStream in) throws IOException {
      long time = in.readLong();
      byte[] run = new byte[in.readInt()];
      in.readFully(run);
      return new TradeKey(
          time, new String(run, StandardCharsets.UTF_8), in.readLong(), in.readInt());
    }
  }
}
