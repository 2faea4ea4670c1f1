package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * One row the stateful query emits for the writers (a Java bean, for Spark's bean encoder): a
 * classified trade (late ones with their watermark), a candle to upsert, a dead letter, a symbol's
 * latest trade time, or a duplicate dropped (counted only). One flat bean with a {@link #getKind
 * kind} instead of five types, because a stateful operator has one output type; unused fields stay
 * at their defaults. Exact decimals travel as their text ({@link BigDecimal#toString()} reads back
 * to the same value and scale), since Spark's decimal type holds at most 38 digits.
 */
public final class OutputRow implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int TRADE = 0;
  public static final int DUPLICATE = 1;
  public static final int CANDLE = 2;
  public static final int DEAD_LETTER = 3;
  public static final int SYMBOL = 4;
  public static final int TALLY = 5;

  /** An hour's figures: the 1h candle's fields, {@code returns} and {@code realizedVol}. */
  public static final int HOURLY = 6;

  /**
   * An anomaly: its kind in {@code reason}, its 1 s window in {@code windowStartMs}, the candle's
   * close and volume, score, value, baseline, threshold, and for a jump prevTsMs and prevClose.
   */
  public static final int ANOMALY = 7;

  private int kind;
  private String symbol;
  private String topic;
  private double price;
  private double volume;
  private long tradeTsMs;
  private List<String> conditions;
  private long receivedAtUs;
  private String ingestId;
  private long frameSeq;
  private int indexInFrame;
  private int kafkaPartition;
  private long kafkaOffset;
  private long kafkaTsMs;
  private boolean late;
  private long watermarkMs;
  private String resolution;
  private long windowStartMs;
  private double open;
  private double high;
  private double low;
  private double close;
  private String volumeExact;
  private String notionalExact;
  private long tradeCount;
  private long firstTradeMs;
  private long lastTradeMs;
  private boolean finalCandle;
  private boolean changed;
  private byte[] raw;
  private String reason;
  private long latestTradeMs;
  private long records;
  private long priceUpdates;
  private String offsetRanges;
  private long returns;
  private double realizedVol;
  private double score;
  private double value;
  private double baseline;
  private double threshold;
  private long prevTsMs;
  private double prevClose;

  public OutputRow() {}

  /** A trade as stored; {@code watermarkMs} only matters when it is late. */
  public static OutputRow trade(TradeRow t, String topic, long watermarkMs) {
    OutputRow row = new OutputRow();
    row.kind = TRADE;
    row.symbol = t.symbol();
    row.topic = topic;
    row.price = t.price();
    row.volume = t.volume();
    row.tradeTsMs = t.tradeTsMs();
    row.conditions = t.conditions();
    row.receivedAtUs = t.receivedAtUs();
    row.ingestId = t.ingestId();
    row.frameSeq = t.frameSeq();
    row.indexInFrame = t.indexInFrame();
    row.kafkaPartition = t.kafkaPartition();
    row.kafkaOffset = t.kafkaOffset();
    row.kafkaTsMs = t.kafkaTsMs();
    row.late = t.late();
    row.watermarkMs = watermarkMs;
    return row;
  }

  public static OutputRow duplicate(TradeRow t) {
    OutputRow row = new OutputRow();
    row.kind = DUPLICATE;
    row.symbol = t.symbol();
    row.kafkaPartition = t.kafkaPartition();
    row.kafkaOffset = t.kafkaOffset();
    return row;
  }

  public static OutputRow candle(Candle c, boolean changed) {
    OutputRow row = new OutputRow();
    row.kind = CANDLE;
    row.symbol = c.symbol();
    row.resolution = c.resolution().label();
    row.windowStartMs = c.windowStartMs();
    row.open = c.open();
    row.high = c.high();
    row.low = c.low();
    row.close = c.close();
    row.volumeExact = c.volumeExact().toString();
    row.notionalExact = c.notionalExact().toString();
    row.tradeCount = c.tradeCount();
    row.firstTradeMs = c.firstTradeMs();
    row.lastTradeMs = c.lastTradeMs();
    row.finalCandle = c.isFinal();
    row.changed = changed;
    return row;
  }

  public static OutputRow deadLetter(DeadLetter d) {
    OutputRow row = new OutputRow();
    row.kind = DEAD_LETTER;
    row.topic = d.topic();
    row.kafkaPartition = d.kafkaPartition();
    row.kafkaOffset = d.kafkaOffset();
    row.kafkaTsMs = d.kafkaTsMs();
    row.raw = d.value();
    row.reason = d.reason();
    return row;
  }

  public static OutputRow symbol(String symbol, long latestTradeMs) {
    OutputRow row = new OutputRow();
    row.kind = SYMBOL;
    row.symbol = symbol;
    row.latestTradeMs = latestTradeMs;
    return row;
  }

  /**
   * What a symbol's batch held, for the batch's counts, when its trade rows are written by the
   * real-time query and only late trades come out one by one.
   *
   * @param tally records (trades and duplicates), trades, price updates, and Kafka offset ranges
   */
  public static OutputRow tally(String symbol, BatchTally tally) {
    OutputRow row = new OutputRow();
    row.kind = TALLY;
    row.symbol = symbol;
    row.records = tally.records;
    row.tradeCount = tally.trades;
    row.priceUpdates = tally.priceUpdates;
    StringBuilder ranges = new StringBuilder();
    for (java.util.Map.Entry<Integer, long[]> range : tally.offsets.entrySet()) {
      ranges
          .append(ranges.length() == 0 ? "" : ",")
          .append(range.getKey())
          .append(':')
          .append(range.getValue()[0])
          .append(':')
          .append(range.getValue()[1]);
    }
    row.offsetRanges = ranges.toString();
    return row;
  }

  public static OutputRow hourly(HourlyRow h) {
    OutputRow row = candle(h.candle(), true);
    row.kind = HOURLY;
    row.returns = h.returns();
    row.realizedVol = h.realizedVol();
    return row;
  }

  public static OutputRow anomaly(String symbol, Analytics.Anomaly a) {
    OutputRow row = new OutputRow();
    row.kind = ANOMALY;
    row.symbol = symbol;
    row.reason = a.kind();
    row.windowStartMs = a.tsMs();
    row.score = a.score();
    row.value = a.value();
    row.baseline = a.baseline();
    row.threshold = a.threshold();
    row.close = a.close();
    row.volume = a.volume();
    row.prevTsMs = a.prevTsMs();
    row.prevClose = a.prevClose();
    return row;
  }

  public HourlyRow toHourly() {
    return new HourlyRow(toCandle(), returns, realizedVol);
  }

  public Analytics.Anomaly toAnomaly() {
    return new Analytics.Anomaly(
        reason,
        windowStartMs,
        score,
        value,
        baseline,
        threshold,
        close,
        volume,
        prevTsMs,
        prevClose);
  }

  /** The counts of a {@link #TALLY} row. */
  public BatchTally toTally() {
    BatchTally tally = new BatchTally();
    tally.records = records;
    tally.trades = tradeCount;
    tally.priceUpdates = priceUpdates;
    if (offsetRanges != null && !offsetRanges.isEmpty()) {
      for (String range : offsetRanges.split(",")) {
        String[] parts = range.split(":");
        tally.offset(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        tally.offset(Integer.parseInt(parts[0]), Long.parseLong(parts[2]));
      }
    }
    return tally;
  }

  public TradeRow toTrade() {
    return new TradeRow(
        symbol,
        price,
        volume,
        tradeTsMs,
        conditions,
        receivedAtUs,
        ingestId,
        frameSeq,
        indexInFrame,
        kafkaPartition,
        kafkaOffset,
        kafkaTsMs,
        late);
  }

  public Candle toCandle() {
    return new Candle(
        symbol,
        Resolution.parse(resolution),
        windowStartMs,
        open,
        high,
        low,
        close,
        new BigDecimal(volumeExact),
        new BigDecimal(notionalExact),
        tradeCount,
        firstTradeMs,
        lastTradeMs,
        finalCandle);
  }

  public DeadLetter toDeadLetter() {
    return new DeadLetter(topic, kafkaPartition, kafkaOffset, kafkaTsMs, raw, reason);
  }

  // Bean accessors (Spark's encoder reads and writes every property).

  public int getKind() {
    return kind;
  }

  public void setKind(int kind) {
    this.kind = kind;
  }

  public String getSymbol() {
    return symbol;
  }

  public void setSymbol(String symbol) {
    this.symbol = symbol;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public double getPrice() {
    return price;
  }

  public void setPrice(double price) {
    this.price = price;
  }

  public double getVolume() {
    return volume;
  }

  public void setVolume(double volume) {
    this.volume = volume;
  }

  public long getTradeTsMs() {
    return tradeTsMs;
  }

  public void setTradeTsMs(long tradeTsMs) {
    this.tradeTsMs = tradeTsMs;
  }

  public List<String> getConditions() {
    return conditions;
  }

  public void setConditions(List<String> conditions) {
    this.conditions = conditions;
  }

  public long getReceivedAtUs() {
    return receivedAtUs;
  }

  public void setReceivedAtUs(long receivedAtUs) {
    this.receivedAtUs = receivedAtUs;
  }

  public String getIngestId() {
    return ingestId;
  }

  public void setIngestId(String ingestId) {
    this.ingestId = ingestId;
  }

  public long getFrameSeq() {
    return frameSeq;
  }

  public void setFrameSeq(long frameSeq) {
    this.frameSeq = frameSeq;
  }

  public int getIndexInFrame() {
    return indexInFrame;
  }

  public void setIndexInFrame(int indexInFrame) {
    this.indexInFrame = indexInFrame;
  }

  public int getKafkaPartition() {
    return kafkaPartition;
  }

  public void setKafkaPartition(int kafkaPartition) {
    this.kafkaPartition = kafkaPartition;
  }

  public long getKafkaOffset() {
    return kafkaOffset;
  }

  public void setKafkaOffset(long kafkaOffset) {
    this.kafkaOffset = kafkaOffset;
  }

  public long getKafkaTsMs() {
    return kafkaTsMs;
  }

  public void setKafkaTsMs(long kafkaTsMs) {
    this.kafkaTsMs = kafkaTsMs;
  }

  public boolean isLate() {
    return late;
  }

  public void setLate(boolean late) {
    this.late = late;
  }

  public long getWatermarkMs() {
    return watermarkMs;
  }

  public void setWatermarkMs(long watermarkMs) {
    this.watermarkMs = watermarkMs;
  }

  public String getResolution() {
    return resolution;
  }

  public void setResolution(String resolution) {
    this.resolution = resolution;
  }

  public long getWindowStartMs() {
    return windowStartMs;
  }

  public void setWindowStartMs(long windowStartMs) {
    this.windowStartMs = windowStartMs;
  }

  public double getOpen() {
    return open;
  }

  public void setOpen(double open) {
    this.open = open;
  }

  public double getHigh() {
    return high;
  }

  public void setHigh(double high) {
    this.high = high;
  }

  public double getLow() {
    return low;
  }

  public void setLow(double low) {
    this.low = low;
  }

  public double getClose() {
    return close;
  }

  public void setClose(double close) {
    this.close = close;
  }

  public String getVolumeExact() {
    return volumeExact;
  }

  public void setVolumeExact(String volumeExact) {
    this.volumeExact = volumeExact;
  }

  public String getNotionalExact() {
    return notionalExact;
  }

  public void setNotionalExact(String notionalExact) {
    this.notionalExact = notionalExact;
  }

  public long getTradeCount() {
    return tradeCount;
  }

  public void setTradeCount(long tradeCount) {
    this.tradeCount = tradeCount;
  }

  public long getFirstTradeMs() {
    return firstTradeMs;
  }

  public void setFirstTradeMs(long firstTradeMs) {
    this.firstTradeMs = firstTradeMs;
  }

  public long getLastTradeMs() {
    return lastTradeMs;
  }

  public void setLastTradeMs(long lastTradeMs) {
    this.lastTradeMs = lastTradeMs;
  }

  public boolean isFinalCandle() {
    return finalCandle;
  }

  public void setFinalCandle(boolean finalCandle) {
    this.finalCandle = finalCandle;
  }

  public boolean isChanged() {
    return changed;
  }

  public void setChanged(boolean changed) {
    this.changed = changed;
  }

  public byte[] getRaw() {
    return raw;
  }

  public void setRaw(byte[] raw) {
    this.raw = raw;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public long getLatestTradeMs() {
    return latestTradeMs;
  }

  public void setLatestTradeMs(long latestTradeMs) {
    this.latestTradeMs = latestTradeMs;
  }

  public long getRecords() {
    return records;
  }

  public void setRecords(long records) {
    this.records = records;
  }

  public long getPriceUpdates() {
    return priceUpdates;
  }

  public void setPriceUpdates(long priceUpdates) {
    this.priceUpdates = priceUpdates;
  }

  public String getOffsetRanges() {
    return offsetRanges;
  }

  public void setOffsetRanges(String offsetRanges) {
    this.offsetRanges = offsetRanges;
  }

  public long getReturns() {
    return returns;
  }

  public void setReturns(long returns) {
    this.returns = returns;
  }

  public double getRealizedVol() {
    return realizedVol;
  }

  public void setRealizedVol(double realizedVol) {
    this.realizedVol = realizedVol;
  }

  public double getScore() {
    return score;
  }

  public void setScore(double score) {
    this.score = score;
  }

  public double getValue() {
    return value;
  }

  public void setValue(double value) {
    this.value = value;
  }

  public double getBaseline() {
    return baseline;
  }

  public void setBaseline(double baseline) {
    this.baseline = baseline;
  }

  public double getThreshold() {
    return threshold;
  }

  public void setThreshold(double threshold) {
    this.threshold = threshold;
  }

  public long getPrevTsMs() {
    return prevTsMs;
  }

  public void setPrevTsMs(long prevTsMs) {
    this.prevTsMs = prevTsMs;
  }

  public double getPrevClose() {
    return prevClose;
  }

  public void setPrevClose(double prevClose) {
    this.prevClose = prevClose;
  }
}
