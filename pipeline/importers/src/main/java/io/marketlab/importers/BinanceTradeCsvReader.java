package io.marketlab.importers;

import io.marketlab.model.finnhub.TradeTick;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binance's public historical trade dumps (data.binance.vision): {@code
 * id,price,qty,quote_qty,time,is_buyer_maker,is_best_match}, header optional, plain/gz/zip. The
 * time is in ms, or in µs in the dumps from 2025 on; told apart by magnitude (µs since 1970 passed
 * 1e14 in 1973, ms will not before the year 5138). Receipt = trade time, with µs when given.
 */
final class BinanceTradeCsvReader {

  private static final Pattern FILE_SYMBOL = Pattern.compile("^([A-Za-z0-9]+)-trades-.*");
  static final long MICROS_THRESHOLD = 100_000_000_000_000L;

  private BinanceTradeCsvReader() {}

  static void read(Path file, String symbolOverride, TradeSink sink) {
    String symbol = symbolOverride != null ? symbolOverride : symbolFromFileName(file);
    TextInputs.forEach(
        file,
        sink,
        (name, entry, lines) ->
            lines.each((where, number, line) -> readLine(where, number, line, symbol, sink)));
  }

  static String symbolFromFileName(Path file) {
    Matcher matcher = FILE_SYMBOL.matcher(file.getFileName().toString());
    if (!matcher.matches()) {
      throw new ImportException(
          file
              + ": cannot tell the symbol from the file name (expected SYMBOL-trades-DATE.csv);"
              + " give --symbol");
    }
    return "BINANCE:" + matcher.group(1).toUpperCase(Locale.ROOT);
  }

  private static void readLine(
      String where, long lineNumber, String line, String symbol, TradeSink sink) {
    if (line.isBlank()) {
      sink.skip("empty line", false, where, null);
      return;
    }
    String[] fields = TextInputs.split(line, ',');
    if (lineNumber == 1 && !fields[0].isEmpty() && !Character.isDigit(fields[0].charAt(0))) {
      sink.skip("header line", false, where, null);
      return;
    }
    if (fields.length < 5) {
      sink.skip("malformed row: fewer than 5 columns", true, where, line);
      return;
    }
    double price;
    double quantity;
    long time;
    try {
      price = Numbers.decimal(fields[1].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row: price " + e.getMessage(), true, where, line);
      return;
    }
    try {
      quantity = Numbers.decimal(fields[2].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row: qty " + e.getMessage(), true, where, line);
      return;
    }
    try {
      time = Numbers.integer(fields[4].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row: time " + e.getMessage(), true, where, line);
      return;
    }
    long micros = time >= MICROS_THRESHOLD ? time : time * 1000L;
    TradeTick tick =
        new TradeTick(symbol, price, quantity, Math.floorDiv(micros, 1000L), List.of());
    sink.trade(micros, tick, where);
  }
}
