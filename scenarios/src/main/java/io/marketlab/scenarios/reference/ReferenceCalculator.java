package io.marketlab.scenarios.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The independent reference: computes, from the Finnhub protocol rules and DESIGN.md's candle rules
 * alone, what the pipeline must store. It shares no code with the ingest's parsing, the importers
 * or the Spark job (its own JSON handling, its own validation, exact decimal arithmetic), so the
 * two can disagree, and a disagreement is a finding.
 *
 * <p>Its input is either a session file ({@link #compute(Path, Options)}: a scenario's {@code
 * session.file}, a synthetic session, what the harness replays) or, for a scenario that imports
 * public data, the original files themselves ({@link #compute(Originals, Options)}), read by the
 * reference's own parsers, so that a trade or symbol lost on import is a difference too.
 *
 * <p>Rules it models:
 *
 * <ul>
 *   <li>delivery: the replay server sends a trade frame verbatim when every symbol of its valid
 *       trades is subscribed; otherwise only the valid trades of subscribed symbols; frames that
 *       are not trade frames (or have no valid trade) go out verbatim; with no subscription list,
 *       every symbol of the session (of the original files) is subscribed;
 *   <li>validation: as Finnhub's contract (docs/CONTRACTS.md): s non-empty string, p finite in (0,
 *       1e9), v finite in [0, 1e12), t integer ms from 2000-01-01 and at most the future skew after
 *       the frame's receipt (receipt = the session's start time + the frame's offset, floored to
 *       the ms; for originals the receipt the importer orders them by), c null or strings;
 *   <li>delivery sees a trade as the replay server does, at the time of the replay (t at most the
 *       skew after now), so a future-dated trade still decides whether its frame goes verbatim;
 *   <li>arrival order: frame order, then position in the frame;
 *   <li>lateness: per symbol, a trade is late when its time is more than the watermark delay behind
 *       the latest trade time of that symbol that arrived before it; late trades are stored but do
 *       not enter candles; each is kept in late_trades with the watermark it was behind (that
 *       latest time − the delay);
 *   <li>finality: at the end of a run a candle is final when its window ends at or before its
 *       symbol's watermark, the latest trade time of the symbol − the delay ({@link
 *       Reference#isFinal});
 *   <li>dead letters: one per malformed frame (not JSON, over 1 MiB, not an object, no textual
 *       type, a trade frame without a data array), per frame of an unknown type, and per invalid
 *       trade of a trade frame that is sent verbatim; pings and errors are none;
 *   <li>candles: window = time floored to the resolution (UTC); open/close = first/last by (time,
 *       arrival); high, low, count over the window; v = 0 excluded; volume = Σv and VWAP = Σp·v /
 *       Σv over the trades' exact decimals ({@link ReferenceTrade#exactPrice()}), each rounded once
 *       to the nearest double ({@link NearestDouble}).
 * </ul>
 */
public final class ReferenceCalculator {

  /**
   * Finnhub frames as the contract reads them: a NaN or Infinity literal is a number token, so the
   * trade holding it is rejected (category {@code rejected}), not its whole frame.
   */
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private static final long MIN_TIME_MS = 946_684_800_000L;
  private static final int MAX_FRAME_BYTES = 1 << 20;

  /**
   * Which symbols the ingest subscribes to (empty = all: the session header's, or every symbol in
   * the original files) and the watermark delay.
   */
  public record Options(Set<String> subscribed, Duration watermarkDelay, Duration futureSkew) {

    /** The reference's own default skew: the contract's, not read from the ingest's code. */
    public static final Duration DEFAULT_FUTURE_SKEW = Duration.ofSeconds(5);

    public Options(Set<String> subscribed, Duration watermarkDelay) {
      this(subscribed, watermarkDelay, DEFAULT_FUTURE_SKEW);
    }

    public static Options defaults() {
      return new Options(Set.of(), Duration.ofSeconds(10));
    }
  }

  /**
   * One session frame as the replay server sent it (the harness records them, see {@code
   * SentFrames}): a run with drops is judged on what was actually sent.
   *
   * @param sessionIndex the frame's position in the session, from 0
   * @param connection the connection it went on, numbered from 1 in the order they opened
   * @param filteredText what was sent when it was not the session's text (only some trades)
   * @param ingestRun which ingest process received it: 1 for the run's first, 2 for the one a step
   *     started after a kill or stop, ...; each one's first trade of a symbol is an ingest start
   */
  public record Delivery(long sessionIndex, int connection, String filteredText, int ingestRun) {

    /** A frame received by the run's first (and only) ingest. */
    public Delivery(long sessionIndex, int connection, String filteredText) {
      this(sessionIndex, connection, filteredText, 1);
    }
  }

  /**
   * What a replay with drops, or with the ingest killed or stopped, delivered: the frames that
   * arrived, in order, and the connections that were cut (a connection the run merely closed at its
   * end, or whose ingest was killed or stopped, is not cut: that ingest writes no gap for it).
   */
  public record Deliveries(List<Delivery> sent, Set<Integer> cutConnections) {}

  private ReferenceCalculator() {}

  /**
   * The reference of a replay that did not deliver the whole session: only the frames sent count,
   * in the order sent, each on its connection; gaps come from changes of connection between two
   * trades of a symbol (and a cut after a symbol's last trade).
   */
  public static Reference compute(Path session, Options options, Deliveries deliveries) {
    try (SessionReader reader = SessionReader.open(session)) {
      Set<String> subscribed =
          options.subscribed().isEmpty()
              ? new LinkedHashSet<>(reader.header().symbols())
              : options.subscribed();
      Builder builder = new Builder(options.watermarkDelay().toMillis(), options.futureSkew());
      java.time.Instant start = reader.header().startTime();
      long startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;
      long index = 0;
      java.util.Iterator<SessionFrame> frames = reader.iterator();
      for (Delivery delivery : deliveries.sent()) {
        if (delivery.sessionIndex() < index) {
          throw new IllegalArgumentException(
              "deliveries out of session order at frame " + delivery.sessionIndex());
        }
        SessionFrame frame = null;
        while (index <= delivery.sessionIndex()) {
          if (!frames.hasNext()) {
            throw new IllegalArgumentException(
                "frame " + delivery.sessionIndex() + " was sent but the session has " + index);
          }
          frame = frames.next();
          if (index < delivery.sessionIndex()) {
            builder.skipFrame();
          }
          index++;
        }
        builder.connection(delivery.connection(), delivery.ingestRun());
        builder.frame(
            delivery.filteredText() != null ? delivery.filteredText() : frame.text(),
            subscribed,
            Math.floorDiv(startMicros + frame.offsetMicros(), 1000L));
      }
      return builder.build(deliveries.cutConnections());
    }
  }

  /** The reference of a session file, read frame by frame as the replay server sends it. */
  public static Reference compute(Path session, Options options) {
    try (SessionReader reader = SessionReader.open(session)) {
      Set<String> subscribed =
          options.subscribed().isEmpty()
              ? new LinkedHashSet<>(reader.header().symbols())
              : options.subscribed();
      Builder builder = new Builder(options.watermarkDelay().toMillis(), options.futureSkew());
      java.time.Instant start = reader.header().startTime();
      long startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;
      for (SessionFrame frame : reader) {
        long receiptMs = Math.floorDiv(startMicros + frame.offsetMicros(), 1000L);
        builder.frame(frame.text(), subscribed, receiptMs);
      }
      return builder.build();
    }
  }

  /**
   * The reference of the session that the importer makes of these originals, computed from the
   * originals: each trade arrives as the session delivers it (its own frame, in the session's
   * order).
   */
  public static Reference compute(Originals originals, Options options) {
    Set<String> subscribed = options.subscribed();
    if (subscribed.isEmpty()) {
      subscribed = new LinkedHashSet<>();
      for (OriginalTrade trade : originals.trades()) {
        subscribed.add(trade.symbol());
      }
    }
    Builder builder = new Builder(options.watermarkDelay().toMillis(), options.futureSkew());
    long frame = 0;
    for (OriginalTrade trade : originals.trades()) {
      if (subscribed.contains(trade.symbol())) {
        long receiptMs = Math.floorDiv(trade.receiptMicros(), 1000L);
        if (trade.timeMs() > receiptMs + builder.futureSkewMs) {
          // The session carries it; the ingest rejects it against the frame's receipt.
          builder.rejectedOriginal(frame, trade.describe());
        } else {
          builder.accept(trade.toReferenceTrade());
        }
      }
      frame++;
    }
    return builder.build();
  }

  /**
   * Why a trade breaks Finnhub's value rules, or null when it keeps them: s non-empty, p finite in
   * (0, 1e9), v finite in [0, 1e12), t in [2000-01-01, maxTimeMs] (receipt + skew).
   */
  static String invalid(String symbol, double price, double volume, long timeMs, long maxTimeMs) {
    if (symbol == null || symbol.isBlank()) {
      return "s: not a non-empty string";
    }
    if (!Double.isFinite(price) || price <= 0 || price >= 1e9) {
      return "p: not in (0, 1e9)";
    }
    if (!Double.isFinite(volume) || volume < 0 || volume >= 1e12) {
      return "v: not in [0, 1e12)";
    }
    if (timeMs < MIN_TIME_MS || timeMs > maxTimeMs) {
      return "t: before 2000-01-01 or beyond the skew after the frame's receipt";
    }
    return null;
  }

  /** Accumulates one session's frames. */
  static final class Builder {
    private final long watermarkDelayMs;
    final long futureSkewMs;
    private final List<ReferenceTrade> trades = new ArrayList<>();
    private final List<ReferenceLateTrade> lateTradeRows = new ArrayList<>();
    private final List<ReferenceDeadLetter> deadLetters = new ArrayList<>();
    private final Map<String, Long> latestTimeBySymbol = new HashMap<>();
    private final Map<ReferenceCandle.Key, Accumulator> candles = new TreeMap<>();
    private long malformedFrames;
    private long unknownFrames;
    private long rejectedTrades;
    private long lateTrades;
    private long arrival;
    private long frames;
    private int connection = 1;
    private int ingestRun = 1;
    private final Map<String, Integer> lastIngestRun = new HashMap<>();
    private final List<ReferenceGap> gaps = new ArrayList<>();
    private final Map<String, Integer> lastConnection = new HashMap<>();
    private final Map<String, Long> lastTime = new HashMap<>();

    Builder(long watermarkDelayMs, Duration futureSkew) {
      this.watermarkDelayMs = watermarkDelayMs;
      this.futureSkewMs = futureSkew.toMillis();
    }

    /** A session frame that was not sent: it keeps its number for the dead letters. */
    void skipFrame() {
      frames++;
    }

    /** The connection the next frames arrive on, and the ingest process that reads it. */
    void connection(int number, int run) {
      connection = number;
      ingestRun = run;
    }

    /**
     * One session frame received at {@code receiptMs}; the replay server decides what it sends by
     * its own clock (now), the ingest what it accepts by the frame's receipt.
     */
    void frame(String text, Set<String> subscribed, long receiptMs) {
      frame(text, subscribed, receiptMs + futureSkewMs, System.currentTimeMillis() + futureSkewMs);
    }

    private void frame(String text, Set<String> subscribed, long maxTimeMs, long serverMaxTimeMs) {
      long frame = frames++;
      if (text.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_BYTES) {
        malformed(frame, text);
        return;
      }
      JsonNode root;
      try {
        root = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        malformed(frame, text);
        return;
      }
      if (root == null || !root.isObject() || !root.path("type").isTextual()) {
        malformed(frame, text);
        return;
      }
      String type = root.get("type").textValue();
      if (type.equals("ping") || type.equals("error")) {
        return;
      }
      if (!type.equals("trade")) {
        unknownFrames++;
        deadLetters.add(new ReferenceDeadLetter(ReferenceDeadLetter.UNKNOWN_TYPE, frame, -1, text));
        return;
      }
      JsonNode data = root.get("data");
      if (data == null || !data.isArray()) {
        malformed(frame, text);
        return;
      }
      // What the replay server sees as valid (its clock is now) decides the delivery; what the
      // ingest accepts (against the frame's receipt) decides what is stored and dead-lettered.
      List<ReferenceTrade> deliverable = new ArrayList<>();
      List<ReferenceTrade> valid = new ArrayList<>();
      List<Integer> invalid = new ArrayList<>();
      List<Boolean> deliverableInvalid = new ArrayList<>();
      int index = 0;
      for (JsonNode entry : data) {
        ReferenceTrade forServer = parse(entry, serverMaxTimeMs);
        ReferenceTrade trade = forServer == null ? null : parse(entry, maxTimeMs);
        if (forServer != null) {
          deliverable.add(forServer);
        }
        if (trade == null) {
          invalid.add(index);
          deliverableInvalid.add(forServer != null);
        } else {
          valid.add(trade);
        }
        index++;
      }
      boolean verbatim = true;
      for (ReferenceTrade trade : deliverable) {
        verbatim &= subscribed.contains(trade.symbol());
      }
      if (verbatim || deliverable.isEmpty()) {
        rejected(frame, text, invalid);
      } else {
        // Filtered by the server: only its valid trades of subscribed symbols go out, in a new
        // frame; a future-dated one among them is still rejected by the ingest. Its index is that
        // of the new frame, which the reference does not rebuild: counted, named by the session's.
        for (int i = 0; i < invalid.size(); i++) {
          if (deliverableInvalid.get(i)) {
            ReferenceTrade trade = parse(data.get(invalid.get(i)), serverMaxTimeMs);
            if (subscribed.contains(trade.symbol())) {
              rejected(frame, text, List.of(invalid.get(i)));
            }
          }
        }
      }
      for (ReferenceTrade trade : valid) {
        if (subscribed.contains(trade.symbol())) {
          accept(trade);
        }
      }
    }

    /** A trade of the originals the ingest rejects as future-dated: one dead letter. */
    void rejectedOriginal(long frame, String where) {
      rejectedTrades++;
      deadLetters.add(new ReferenceDeadLetter(ReferenceDeadLetter.REJECTED, frame, 0, where));
    }

    private ReferenceTrade parse(JsonNode entry, long maxTimeMs) {
      if (!entry.isObject()) {
        return null;
      }
      JsonNode s = entry.get("s");
      JsonNode p = entry.get("p");
      JsonNode v = entry.get("v");
      JsonNode t = entry.get("t");
      JsonNode c = entry.get("c");
      if (s == null || !s.isTextual()) {
        return null;
      }
      if (p == null || !p.isNumber() || v == null || !v.isNumber()) {
        return null;
      }
      if (t == null || !t.isIntegralNumber() || !t.canConvertToLong()) {
        return null;
      }
      double price = p.doubleValue();
      double volume = v.doubleValue();
      long time = t.longValue();
      if (invalid(s.textValue(), price, volume, time, maxTimeMs) != null) {
        return null;
      }
      List<String> conditions = new ArrayList<>();
      if (c != null && !c.isNull()) {
        if (!c.isArray()) {
          return null;
        }
        for (JsonNode item : c) {
          if (!item.isTextual()) {
            return null;
          }
          conditions.add(item.textValue());
        }
      }
      return new ReferenceTrade(s.textValue(), price, volume, time, List.copyOf(conditions), -1);
    }

    void accept(ReferenceTrade parsed) {
      ReferenceTrade trade = parsed.withArrival(arrival++);
      trades.add(trade);
      Integer previous = lastConnection.put(trade.symbol(), connection);
      Integer previousRun = lastIngestRun.put(trade.symbol(), ingestRun);
      // A restarted ingest knows nothing of the symbols before it: its first trade of each is an
      // ingest start, whatever came before on an earlier ingest's connection.
      if (previous == null || previousRun != ingestRun) {
        gaps.add(new ReferenceGap(trade.symbol(), ReferenceGap.INGEST_START, null, trade.timeMs()));
      } else if (previous != connection) {
        gaps.add(
            new ReferenceGap(
                trade.symbol(),
                ReferenceGap.RECONNECT,
                lastTime.get(trade.symbol()),
                trade.timeMs()));
      }
      lastTime.put(trade.symbol(), trade.timeMs());
      Long latest = latestTimeBySymbol.get(trade.symbol());
      boolean late = latest != null && trade.timeMs() < latest - watermarkDelayMs;
      if (latest == null || trade.timeMs() > latest) {
        latestTimeBySymbol.put(trade.symbol(), trade.timeMs());
      }
      if (late) {
        lateTrades++;
        lateTradeRows.add(new ReferenceLateTrade(trade, latest - watermarkDelayMs));
        return;
      }
      if (trade.isPriceUpdate()) {
        return;
      }
      for (Resolution resolution : Resolution.values()) {
        ReferenceCandle.Key key =
            new ReferenceCandle.Key(
                trade.symbol(), resolution, resolution.windowStart(trade.timeMs()));
        candles.computeIfAbsent(key, k -> new Accumulator()).add(trade);
      }
    }

    Reference build() {
      return build(Set.of());
    }

    /**
     * With the connections that were cut: a symbol whose last trade came on one has a gap open at
     * the end.
     */
    Reference build(Set<Integer> cutConnections) {
      List<ReferenceGap> all = new ArrayList<>(gaps);
      for (Map.Entry<String, Integer> last : lastConnection.entrySet()) {
        if (cutConnections.contains(last.getValue())) {
          all.add(
              new ReferenceGap(
                  last.getKey(), ReferenceGap.RECONNECT, lastTime.get(last.getKey()), null));
        }
      }
      List<ReferenceCandle> result = new ArrayList<>();
      for (Map.Entry<ReferenceCandle.Key, Accumulator> entry : candles.entrySet()) {
        result.add(entry.getValue().candle(entry.getKey()));
      }
      return new Reference(
          List.copyOf(trades),
          result,
          malformedFrames,
          unknownFrames,
          rejectedTrades,
          lateTrades,
          List.copyOf(lateTradeRows),
          List.copyOf(deadLetters),
          Map.copyOf(latestTimeBySymbol),
          watermarkDelayMs,
          List.copyOf(all));
    }

    private void malformed(long frame, String text) {
      malformedFrames++;
      deadLetters.add(new ReferenceDeadLetter(ReferenceDeadLetter.MALFORMED, frame, -1, text));
    }

    private void rejected(long frame, String text, List<Integer> indexes) {
      rejectedTrades += indexes.size();
      if (!indexes.isEmpty()) {
        // One dead letter per frame, naming every rejected trade (CONTRACTS.md).
        deadLetters.add(ReferenceDeadLetter.rejected(frame, text, indexes));
      }
    }
  }

  /** One window's running aggregate, in exact decimals. */
  private static final class Accumulator {
    private ReferenceTrade first;
    private ReferenceTrade last;
    private double high = Double.NEGATIVE_INFINITY;
    private double low = Double.POSITIVE_INFINITY;
    private BigDecimal volume = BigDecimal.ZERO;
    private BigDecimal notional = BigDecimal.ZERO;
    private long count;

    void add(ReferenceTrade trade) {
      if (first == null || before(trade, first)) {
        first = trade;
      }
      if (last == null || before(last, trade)) {
        last = trade;
      }
      high = Math.max(high, trade.price());
      low = Math.min(low, trade.price());
      // The decimals as the source wrote them: the same value as the double the pipeline carries
      // prints as (OriginalsTest checks it for every trade of the real data).
      BigDecimal v = trade.exactVolume();
      volume = volume.add(v);
      notional = notional.add(trade.exactPrice().multiply(v));
      count++;
    }

    private static boolean before(ReferenceTrade a, ReferenceTrade b) {
      return a.timeMs() < b.timeMs() || (a.timeMs() == b.timeMs() && a.arrival() < b.arrival());
    }

    ReferenceCandle candle(ReferenceCandle.Key key) {
      double vwap = NearestDouble.of(notional, volume);
      return new ReferenceCandle(
          key.symbol(),
          key.resolution(),
          key.windowStartMs(),
          first.price(),
          high,
          low,
          last.price(),
          NearestDouble.of(volume, BigDecimal.ONE),
          vwap,
          count,
          first.timeMs(),
          last.timeMs());
    }
  }
}
