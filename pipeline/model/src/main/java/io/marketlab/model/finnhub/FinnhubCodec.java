package io.marketlab.model.finnhub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Reads and writes Finnhub websocket frames (docs/CONTRACTS.md, "Finnhub frames").
 *
 * <p>Parsing never throws for bad input: every frame becomes a {@link FinnhubMessage}, and inside a
 * trade frame every invalid entry becomes a {@link Rejected} while the valid ones pass, so the
 * ingest can send exactly the bad part to its dead-letter topic. Writing keeps doubles exact: the
 * shortest decimal that parses back to the same double (Schubfach, as Java 19+ Double.toString).
 */
public final class FinnhubCodec {

  /**
   * @param maxFrameBytes a frame larger than this (UTF-8 bytes) is {@link FinnhubMessage.Malformed}
   *     without being parsed; default {@link #DEFAULT_MAX_FRAME_BYTES} (1 MiB)
   * @param clock the receipt time of a frame decoded without one ({@link #decode(String)}, {@link
   *     #check(TradeTick)}); default the system UTC clock
   * @param futureSkew a trade stamped more than this after its frame's receipt is rejected: one
   *     trade from the future would move its symbol's lateness watermark and make every real trade
   *     after it "late"; default {@link #DEFAULT_FUTURE_SKEW_MS} (5 s)
   */
  public record Config(int maxFrameBytes, Clock clock, Duration futureSkew) {
    public static final Config DEFAULT =
        new Config(
            DEFAULT_MAX_FRAME_BYTES, Clock.systemUTC(), Duration.ofMillis(DEFAULT_FUTURE_SKEW_MS));

    public Config {
      if (maxFrameBytes <= 0) {
        throw new IllegalArgumentException("maxFrameBytes must be > 0, was " + maxFrameBytes);
      }
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(futureSkew, "futureSkew");
      if (futureSkew.isNegative()) {
        throw new IllegalArgumentException("futureSkew must be >= 0, was " + futureSkew);
      }
    }

    Config withMaxFrameBytes(int value) {
      return new Config(value, clock, futureSkew);
    }

    public Config withClock(Clock value) {
      return new Config(maxFrameBytes, value, futureSkew);
    }

    public Config withFutureSkew(Duration value) {
      return new Config(maxFrameBytes, clock, value);
    }
  }

  /**
   * The default of {@link Config#futureSkew()} in ms (the ingest's setting LAB_INGEST_FUTURE_SKEW).
   * A constant, so that initialising {@link Config} does not initialise this class first.
   */
  public static final long DEFAULT_FUTURE_SKEW_MS = 5_000;

  public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

  /** 2000-01-01T00:00:00Z: no trade we replay or receive is older; older means a unit mistake. */
  static final long MIN_TIME_MS = 946_684_800_000L;

  static final double MAX_PRICE = 1e9;
  static final double MAX_VOLUME = 1e12;

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          // NaN/Infinity must reach validation so one bad trade is rejected, not the whole frame.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  private static final FinnhubCodec STANDARD = new FinnhubCodec(Config.DEFAULT);

  private final Config config;

  public FinnhubCodec(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A codec with {@link Config#DEFAULT}. */
  static FinnhubCodec standard() {
    return STANDARD;
  }

  public Config config() {
    return config;
  }

  /** Parses with {@link Config#DEFAULT}; see {@link #decode(String)}. */
  public static FinnhubMessage parse(String text) {
    return STANDARD.decode(text);
  }

  /**
   * Classifies one text frame received now ({@link Config#clock()}); see {@link #decode(String,
   * LongSupplier)}.
   */
  public FinnhubMessage decode(String text) {
    return decode(text, () -> config.clock().millis());
  }

  /**
   * Classifies one received text frame with this codec's limits. Never throws for bad input.
   *
   * @param receivedAtMillis the frame's receipt time in ms since the epoch, asked (once) only for a
   *     trade frame: a trade stamped more than {@link Config#futureSkew()} after it is rejected
   */
  public FinnhubMessage decode(String text, LongSupplier receivedAtMillis) {
    if (text == null) {
      return new FinnhubMessage.Malformed("frame is null");
    }
    long size = utf8Length(text, config.maxFrameBytes());
    if (size > config.maxFrameBytes()) {
      return new FinnhubMessage.Malformed(
          "frame too large: "
              + text.length()
              + " chars, more than the limit of "
              + config.maxFrameBytes()
              + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return new FinnhubMessage.Malformed("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      String kind = root == null || root.isMissingNode() ? "empty" : root.getNodeType().name();
      return new FinnhubMessage.Malformed("not a JSON object: " + kind.toLowerCase());
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      return new FinnhubMessage.Malformed("field 'type' missing or not a string");
    }
    switch (type.textValue()) {
      case "trade":
        return trades(root, receivedAtMillis);
      case "ping":
        return new FinnhubMessage.Ping();
      case "error":
        JsonNode msg = root.get("msg");
        return new FinnhubMessage.ErrorMessage(
            msg == null || msg.isNull() ? "" : msg.isTextual() ? msg.textValue() : msg.toString());
      default:
        return new FinnhubMessage.Unknown(type.textValue(), text);
    }
  }

  private FinnhubMessage trades(JsonNode root, LongSupplier receivedAtMillis) {
    JsonNode data = root.get("data");
    if (data == null || !data.isArray()) {
      return new FinnhubMessage.Malformed("trade frame: field 'data' missing or not an array");
    }
    long maxTime = maxTime(receivedAtMillis.getAsLong());
    List<TradeTick> valid = new ArrayList<>(data.size());
    List<Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      JsonNode entry = data.get(i);
      try {
        valid.add(trade(entry, maxTime));
      } catch (InvalidTrade e) {
        rejected.add(new Rejected(i, e.getMessage()));
      }
    }
    return new FinnhubMessage.Trades(valid, rejected);
  }

  private TradeTick trade(JsonNode entry, long maxTime) {
    if (!entry.isObject()) {
      throw new InvalidTrade(
          "entry is not an object but " + entry.getNodeType().name().toLowerCase());
    }
    JsonNode s = required(entry, "s");
    if (!s.isTextual()) {
      throw new InvalidTrade("s: not a non-empty string: " + s);
    }
    double p = number(entry, "p");
    double v = number(entry, "v");
    JsonNode t = required(entry, "t");
    if (!t.isIntegralNumber() || !t.canConvertToLong()) {
      throw new InvalidTrade("t: not an integer number of ms: " + t);
    }
    String problem = rangeProblem(s.textValue(), p, v, t.longValue(), maxTime);
    if (problem != null) {
      throw new InvalidTrade(problem + ": " + entry.get(problem.substring(0, 1)));
    }
    return new TradeTick(s.textValue(), p, v, t.longValue(), conditions(entry.get("c")));
  }

  /**
   * Why {@code tick} would be rejected by {@link #decode} in a frame received now ({@link
   * Config#clock()}), or empty when it is valid. Importers use this to skip, with a reason, what a
   * consumer of the session would reject anyway.
   */
  public Optional<String> check(TradeTick tick) {
    return check(tick, config.clock().millis());
  }

  /** As {@link #check(TradeTick)}, for a frame received at {@code receivedAtMillis}. */
  public Optional<String> check(TradeTick tick, long receivedAtMillis) {
    return Optional.ofNullable(
        rangeProblem(
            tick.symbol(), tick.price(), tick.volume(), tick.timeMs(), maxTime(receivedAtMillis)));
  }

  /** The latest trade time a frame received at {@code receivedAtMillis} may carry. */
  private long maxTime(long receivedAtMillis) {
    long skew = config.futureSkew().toMillis();
    // Saturating: a receipt time near Long.MAX_VALUE must not wrap into the past.
    return receivedAtMillis > Long.MAX_VALUE - skew ? Long.MAX_VALUE : receivedAtMillis + skew;
  }

  /** The value rules shared by parsing and {@link #check}; the message starts with the field. */
  private String rangeProblem(String s, double p, double v, long t, long maxTime) {
    if (s.isBlank()) {
      return "s: not a non-empty string";
    }
    if (!Double.isFinite(p)) {
      return "p: not a finite number";
    }
    if (!(p > 0 && p < MAX_PRICE)) {
      return "p: out of range (0, 1e9)";
    }
    if (!Double.isFinite(v)) {
      return "v: not a finite number";
    }
    if (!(v >= 0 && v < MAX_VOLUME)) {
      return "v: out of range [0, 1e12)";
    }
    if (t < MIN_TIME_MS) {
      return "t: before 2000-01-01 in ms (wrong unit?)";
    }
    if (t > maxTime) {
      long skew = config.futureSkew().toMillis();
      return "t: future-dated, more than "
          + skew
          + " ms after the frame's receipt at "
          + java.time.Instant.ofEpochMilli(maxTime - skew)
          + " (a clock off, or a bad trade)";
    }
    return null;
  }

  private static List<String> conditions(JsonNode c) {
    if (c == null || c.isNull()) {
      return List.of();
    }
    if (!c.isArray()) {
      throw new InvalidTrade("c: not an array or null: " + c);
    }
    List<String> result = new ArrayList<>(c.size());
    for (JsonNode item : c) {
      if (!item.isTextual()) {
        throw new InvalidTrade("c: element is not a string: " + item);
      }
      result.add(item.textValue());
    }
    return result;
  }

  private static JsonNode required(JsonNode entry, String field) {
    JsonNode node = entry.get(field);
    if (node == null || node.isNull()) {
      throw new InvalidTrade(field + ": missing");
    }
    return node;
  }

  private static double number(JsonNode entry, String field) {
    JsonNode node = required(entry, field);
    if (!node.isNumber()) {
      throw new InvalidTrade(field + ": not a number: " + node);
    }
    return node.doubleValue();
  }

  private static long utf8Length(String text, int limit) {
    // A char takes 1 to 3 UTF-8 bytes: skip the encoding when the answer is clear either way.
    if (text.length() > limit || (long) text.length() * 3 <= limit) {
      return text.length();
    }
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Control flow inside {@link #trade}: one entry's reason for rejection. */
  private static final class InvalidTrade extends RuntimeException {
    InvalidTrade(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * A trade frame as Finnhub sends it: {@code {"type":"trade","data":[{"s":..,"p":..,"t":..,"v":..,
   * "c":[..]|null}]}}. Empty conditions are written as {@code null} (Finnhub's crypto form).
   */
  public static String tradeFrame(List<TradeTick> trades) {
    return write(
        g -> {
          g.writeStringField("type", "trade");
          g.writeArrayFieldStart("data");
          for (TradeTick trade : trades) {
            g.writeStartObject();
            g.writeStringField("s", trade.symbol());
            g.writeFieldName("p");
            writeExact(g, trade.price());
            g.writeNumberField("t", trade.timeMs());
            g.writeFieldName("v");
            writeExact(g, trade.volume());
            if (trade.conditions().isEmpty()) {
              g.writeNullField("c");
            } else {
              g.writeArrayFieldStart("c");
              for (String condition : trade.conditions()) {
                g.writeString(condition);
              }
              g.writeEndArray();
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  /** {@code {"type":"subscribe","symbol":...}} */
  public static String subscribe(String symbol) {
    return write(
        g -> {
          g.writeStringField("type", "subscribe");
          g.writeStringField("symbol", symbol);
        });
  }

  /** {@code {"type":"unsubscribe","symbol":...}} */
  public static String unsubscribe(String symbol) {
    return write(
        g -> {
          g.writeStringField("type", "unsubscribe");
          g.writeStringField("symbol", symbol);
        });
  }

  /** {@code {"type":"ping"}} */
  public static String ping() {
    return "{\"type\":\"ping\"}";
  }

  /** {@code {"type":"error","msg":...}} */
  public static String error(String msg) {
    return write(
        g -> {
          g.writeStringField("type", "error");
          g.writeStringField("msg", msg);
        });
  }

  /** Server side: what a client asked for. Never throws for bad input. */
  public static ClientRequest parseClientRequest(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      return new ClientRequest.Invalid("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return new ClientRequest.Invalid("not a JSON object");
    }
    JsonNode type = root.get("type");
    JsonNode symbol = root.get("symbol");
    if (type == null || !type.isTextual()) {
      return new ClientRequest.Invalid("field 'type' missing or not a string");
    }
    if (symbol == null || !symbol.isTextual() || symbol.textValue().isBlank()) {
      return new ClientRequest.Invalid("field 'symbol' missing or not a non-empty string");
    }
    switch (type.textValue()) {
      case "subscribe":
        return new ClientRequest.Subscribe(symbol.textValue());
      case "unsubscribe":
        return new ClientRequest.Unsubscribe(symbol.textValue());
      default:
        return new ClientRequest.Invalid("unknown type: " + type.textValue());
    }
  }

  /**
   * Integral values in the exactly-representable range are written without ".0" (as Finnhub does
   * for share counts); everything else as the shortest round-trip decimal.
   */
  private static void writeExact(JsonGenerator g, double value) throws IOException {
    boolean negativeZero = Double.doubleToRawLongBits(value) == Long.MIN_VALUE;
    if (value == Math.rint(value) && Math.abs(value) < 1e15 && !negativeZero) {
      g.writeNumber((long) value);
    } else {
      g.writeNumber(value);
    }
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a Finnhub frame", e);
    }
    return out.toString();
  }
}
