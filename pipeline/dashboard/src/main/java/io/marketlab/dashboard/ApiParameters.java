package io.marketlab.dashboard;

import io.javalin.http.Context;
import io.marketlab.layout.Resolution;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;

/** Reads and validates the API's query parameters; every failure names its parameter. */
final class ApiParameters {

  static final int DEFAULT_WINDOWS = 200;
  static final int MAX_WINDOWS = 5000;
  static final int DEFAULT_TRADE_LIMIT = 50;
  static final int MAX_TRADE_LIMIT = 1000;

  /**
   * The times a request may name: trade times are epoch milliseconds from the exchange, never
   * before 1970, and four-digit years keep every partition key (a UTC day, a month) and every
   * window end far inside what Cassandra's date and timestamp types hold.
   */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** The first instant past the accepted range (exclusive). */
  static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private ApiParameters() {}

  /** A non-blank symbol, and one of the known symbols when the store knows any. */
  static String symbol(Context ctx, List<String> knownSymbols) {
    String symbol = ctx.queryParam("symbol");
    if (symbol == null || symbol.isBlank()) {
      throw new BadRequestException("symbol", "missing parameter 'symbol'");
    }
    if (!knownSymbols.isEmpty() && !knownSymbols.contains(symbol)) {
      throw new BadRequestException(
          "symbol", "unknown symbol '" + symbol + "', known: " + String.join(", ", knownSymbols));
    }
    return symbol;
  }

  /** {@code 1s|1m|1h}; default 1m. */
  static Resolution resolution(Context ctx) {
    String text = ctx.queryParam("resolution");
    if (text == null || text.isBlank()) {
      return Resolution.MINUTE;
    }
    try {
      return Resolution.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("resolution", "parameter " + e.getMessage());
    }
  }

  /** An optional time: epoch milliseconds or ISO-8601 (an instant, or a local time read as UTC). */
  static Instant time(Context ctx, String name) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return null;
    }
    return parseTime(name, text.trim());
  }

  static Instant parseTime(String name, String text) {
    Instant time = parseAnyTime(name, text);
    if (time.isBefore(EARLIEST) || !time.isBefore(END)) {
      throw new BadRequestException(
          name,
          "parameter '"
              + name
              + "' must be from "
              + EARLIEST
              + " up to (not including) "
              + END
              + ", got '"
              + text
              + "'");
    }
    return time;
  }

  private static Instant parseAnyTime(String name, String text) {
    if (text.matches("-?\\d{1,15}")) {
      return Instant.ofEpochMilli(Long.parseLong(text));
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeException notAnInstant) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        throw new BadRequestException(
            name,
            "parameter '"
                + name
                + "' must be epoch milliseconds"
                + " or ISO-8601 like 2024-08-08T23:54:14Z, got '"
                + text
                + "'");
      }
    }
  }

  /** {@code limit} in 1..1000; default 50. */
  static int limit(Context ctx) {
    return limit(ctx, DEFAULT_TRADE_LIMIT, MAX_TRADE_LIMIT);
  }

  /** {@code limit} in 1..{@code max}; {@code byDefault} when absent. */
  static int limit(Context ctx, int byDefault, int max) {
    String text = ctx.queryParam("limit");
    if (text == null || text.isBlank()) {
      return byDefault;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException(
          "limit", "parameter 'limit' must be an integer, got '" + text + "'");
    }
    if (limit < 1 || limit > max) {
      throw new BadRequestException(
          "limit", "parameter 'limit' must be 1.." + max + ", got " + limit);
    }
    return limit;
  }

  /** An optional whole number {@code min..max} (a partition, an offset); null when absent. */
  static Long whole(Context ctx, String name, long min, long max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return null;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException(
          name, "parameter '" + name + "' must be a whole number, got '" + text + "'");
    }
    if (value < min || value > max) {
      throw new BadRequestException(
          name, "parameter '" + name + "' must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  /**
   * An optional Kafka topic name (1 to 249 of {@code [a-zA-Z0-9._-]}, as Kafka allows); null when
   * absent.
   */
  static String topic(Context ctx) {
    String text = ctx.queryParam("topic");
    if (text == null || text.isBlank()) {
      return null;
    }
    String topic = text.trim();
    if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new BadRequestException(
          "topic",
          "parameter 'topic' must be a Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -), got '"
              + (topic.length() > 80 ? topic.substring(0, 80) + "…" : topic)
              + "'");
    }
    return topic;
  }

  /** {@code order=newest|oldest}; default newest. True for newest first. */
  static boolean newestFirst(Context ctx) {
    String text = ctx.queryParam("order");
    if (text == null || text.isBlank() || text.trim().equals("newest")) {
      return true;
    }
    if (text.trim().equals("oldest")) {
      return false;
    }
    throw new BadRequestException(
        "order", "parameter 'order' must be newest or oldest, got '" + text + "'");
  }

  /**
   * Completes a requested range: missing ends default to the {@value #DEFAULT_WINDOWS} windows up
   * to the newest candle ({@code newestWindow}, null when there is none).
   *
   * @return {from, to}, or null when nothing was asked for and there is no candle at all
   */
  static Instant[] range(Resolution resolution, Instant from, Instant to, Instant newestWindow) {
    return range(resolution, from, to, newestWindow, DEFAULT_WINDOWS);
  }

  /** {@link #range(Resolution, Instant, Instant, Instant)} with a default of {@code windows}. */
  static Instant[] range(
      Resolution resolution, Instant from, Instant to, Instant newestWindow, int defaultWindows) {
    long width = resolution.widthMillis();
    if (from == null && to == null) {
      if (newestWindow == null) {
        return null;
      }
      to = newestWindow.plusMillis(width);
      from = latest(EARLIEST, to.minusMillis(defaultWindows * width));
    } else if (from == null) {
      from = latest(EARLIEST, resolution.floor(to).minusMillis(defaultWindows * width));
    } else if (to == null) {
      Instant newestEnd = newestWindow == null ? from : newestWindow.plusMillis(width);
      Instant maximum = from.plusMillis(MAX_WINDOWS * width);
      to = newestEnd.isAfter(maximum) ? maximum : newestEnd;
      if (!to.isAfter(from)) {
        to = from.plusMillis(defaultWindows * width);
      }
      // Ends that were computed, not asked for, stay inside the accepted range too.
      to = to.isAfter(END) ? END : to;
    }
    if (!from.isBefore(to)) {
      throw new BadRequestException(
          "from", "parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    long windows = (to.toEpochMilli() - from.toEpochMilli() + width - 1) / width;
    if (windows > MAX_WINDOWS) {
      throw new BadRequestException(
          "to",
          "parameter 'to': range "
              + from
              + " .. "
              + to
              + " holds "
              + windows
              + " windows of "
              + resolution
              + ", at most "
              + MAX_WINDOWS);
    }
    return new Instant[] {from, to};
  }

  /** Symbols a compare request names at most. */
  static final int MAX_SYMBOLS = 8;

  /**
   * {@code symbols=A,B,...}: 1 to {@value #MAX_SYMBOLS} distinct symbols, each known when the store
   * knows any (repeats are dropped); default the first {@value #MAX_SYMBOLS} known ones.
   */
  static List<String> symbols(Context ctx, List<String> knownSymbols) {
    String text = ctx.queryParam("symbols");
    if (text == null) {
      return knownSymbols.subList(0, Math.min(MAX_SYMBOLS, knownSymbols.size()));
    }
    LinkedHashSet<String> symbols = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String symbol = part.strip();
      if (symbol.isEmpty()) {
        throw new BadRequestException(
            "symbols", "parameter 'symbols' has an empty name: '" + text + "'");
      }
      if (!knownSymbols.isEmpty() && !knownSymbols.contains(symbol)) {
        throw new BadRequestException(
            "symbols",
            "unknown symbol '" + symbol + "', known: " + String.join(", ", knownSymbols));
      }
      symbols.add(symbol);
    }
    if (symbols.size() > MAX_SYMBOLS) {
      throw new BadRequestException(
          "symbols",
          "parameter 'symbols' names " + symbols.size() + " symbols, at most " + MAX_SYMBOLS);
    }
    return List.copyOf(symbols);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
