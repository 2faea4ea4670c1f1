package io.marketlab.importers;

import io.marketlab.importers.CsvMapping.TimeUnit;
import io.marketlab.model.finnhub.TradeTick;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Any delimited file read through a {@link CsvMapping}. Receipt = trade time. */
final class GenericCsvReader {

  private GenericCsvReader() {}

  static void read(Path file, CsvMapping mapping, TradeSink sink) {
    TextInputs.forEach(
        file, sink, (name, entry, lines) -> lines.each(new Rows(name, mapping, sink)::line));
  }

  /** The rows of one text stream: line 1 may be the header, which places the columns. */
  private static final class Rows {
    private final String name;
    private final CsvMapping mapping;
    private final TradeSink sink;
    private int symbolColumn;
    private int priceColumn;
    private int volumeColumn;
    private int timeColumn;
    private int conditionsColumn;
    private int needed;
    private boolean placed;

    Rows(String name, CsvMapping mapping, TradeSink sink) {
      this.name = name;
      this.mapping = mapping;
      this.sink = sink;
      if (!mapping.header()) {
        place(null);
      }
    }

    private void place(String[] header) {
      symbolColumn =
          mapping.fixedSymbol() != null ? -1 : column(name, header, mapping.symbolColumn());
      priceColumn = column(name, header, mapping.priceColumn());
      volumeColumn = column(name, header, mapping.volumeColumn());
      timeColumn = column(name, header, mapping.timeColumn());
      conditionsColumn =
          mapping.conditionsColumn() == null
              ? -1
              : column(name, header, mapping.conditionsColumn());
      needed =
          Math.max(
                  Math.max(symbolColumn, priceColumn),
                  Math.max(volumeColumn, Math.max(timeColumn, conditionsColumn)))
              + 1;
      placed = true;
    }

    void line(String where, long lineNumber, String line) {
      if (lineNumber == 1 && mapping.header()) {
        place(TextInputs.split(line, mapping.delimiter()));
        // Read, not a trade: counted, so that lines read = trades + skipped (ImportReport).
        sink.skip("header line", false, where, null);
        return;
      }
      if (!placed) {
        throw new ImportException(
            name + ":1: the header line cannot be read, so no column is known");
      }
      if (line.isBlank()) {
        sink.skip("empty line", false, where, null);
        return;
      }
      String[] fields = TextInputs.split(line, mapping.delimiter());
      if (fields.length < needed) {
        sink.skip("malformed row: fewer than " + needed + " columns", true, where, line);
        return;
      }
      String symbol = symbolColumn < 0 ? mapping.fixedSymbol() : fields[symbolColumn].trim();
      double price;
      double volume;
      try {
        price = Numbers.decimal(fields[priceColumn].trim());
      } catch (NumberFormatException e) {
        sink.skip("malformed row: price " + e.getMessage(), true, where, line);
        return;
      }
      try {
        volume = Numbers.decimal(fields[volumeColumn].trim());
      } catch (NumberFormatException e) {
        sink.skip("malformed row: volume " + e.getMessage(), true, where, line);
        return;
      }
      long micros;
      try {
        micros = micros(fields[timeColumn].trim(), mapping);
      } catch (NumberFormatException e) {
        String why =
            e.getMessage() == null || e.getMessage().equals("is not a number")
                ? "is not " + describe(mapping.timeUnit())
                : e.getMessage();
        sink.skip("malformed row: time " + why, true, where, line);
        return;
      } catch (RuntimeException e) {
        sink.skip("malformed row: time is not " + describe(mapping.timeUnit()), true, where, line);
        return;
      }
      if (mapping.priceScale() != 1.0) {
        price = price / mapping.priceScale();
      }
      List<String> conditions = new ArrayList<>();
      if (conditionsColumn >= 0) {
        for (String condition : fields[conditionsColumn].split("\\|")) {
          if (!condition.isBlank()) {
            conditions.add(condition.trim());
          }
        }
      }
      sink.trade(
          micros,
          new TradeTick(symbol, price, volume, Math.floorDiv(micros, 1000L), conditions),
          where);
    }
  }

  private static int column(String name, String[] header, String column) {
    if (header != null) {
      for (int i = 0; i < header.length; i++) {
        if (header[i].trim().equalsIgnoreCase(column.trim())) {
          return i;
        }
      }
    }
    try {
      int index = Integer.parseInt(column.trim());
      if (index >= 0) {
        return index;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error naming the column
    }
    throw new ImportException(
        name
            + ": column '"
            + column
            + "' is not "
            + (header == null
                ? "a 0-based index (the file has no header)"
                : "in the header " + String.join(",", header)));
  }

  static long micros(String text, CsvMapping mapping) {
    TimeUnit unit = mapping.timeUnit();
    if (unit == TimeUnit.ISO) {
      return isoMicros(text, mapping);
    }
    // Bounded before any exact arithmetic: 1e50000000 would take a minute to scale.
    BigDecimal value = Numbers.exactDecimal(text);
    BigDecimal perUnit =
        switch (unit) {
          case S -> BigDecimal.valueOf(1_000_000L);
          case MS -> BigDecimal.valueOf(1_000L);
          case US -> BigDecimal.ONE;
          case NS -> new BigDecimal("0.001");
          default -> throw new IllegalStateException(unit.toString());
        };
    return value.multiply(perUnit).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private static long isoMicros(String text, CsvMapping mapping) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException e) {
      instant = LocalDateTime.parse(text.replace(' ', 'T')).atZone(mapping.zone()).toInstant();
    }
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  private static String describe(TimeUnit unit) {
    return unit == TimeUnit.ISO
        ? "ISO-8601 date-time"
        : "a number of " + unit.name().toLowerCase(Locale.ROOT);
  }
}
