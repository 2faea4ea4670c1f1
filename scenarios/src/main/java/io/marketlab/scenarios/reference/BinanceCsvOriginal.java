package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The reference's reader of Binance's public trade dumps (data.binance.vision): {@code
 * id,price,qty,quote_qty,time,is_buyer_maker,is_best_match}, an optional header line, the symbol
 * from the file name ({@code BTCUSDT-trades-2024-08-08.csv} is {@code BINANCE:BTCUSDT}). The time
 * is in ms, or in µs in the dumps from 2025 on (any value of 10¹⁴ or more: µs since 1970 passed it
 * in 1973). The session delivers a trade at its trade time, to the µs when given.
 */
final class BinanceCsvOriginal {

  private static final long MICROS_FROM = 100_000_000_000_000L;

  private BinanceCsvOriginal() {}

  static void read(Path file, Originals.Sink sink, List<String> warnings) {
    String name = file.getFileName().toString();
    int marker = name.indexOf("-trades-");
    if (marker <= 0) {
      throw new IllegalArgumentException(
          file + ": cannot tell the symbol from the name (SYMBOL-trades-DATE.csv)");
    }
    String symbol = "BINANCE:" + name.substring(0, marker).toUpperCase(Locale.ROOT);
    Originals.lines(
        file,
        (where, entry, lines) -> {
          long number = 0;
          for (String line = lines.next(); line != null; line = lines.next()) {
            number++;
            if (lines.tooLong()) {
              sink.skip("malformed line: longer than 1 MiB");
              continue;
            }
            boolean header = number == 1 && !line.isEmpty() && !Character.isDigit(line.charAt(0));
            if (header) {
              sink.skip("header line");
            } else {
              readRow(line, symbol, where + ":" + number, sink);
            }
          }
        },
        warnings);
  }

  private static void readRow(String line, String symbol, String where, Originals.Sink sink) {
    if (line.isBlank()) {
      sink.skip("empty line");
      return;
    }
    String[] fields = line.split(",", -1);
    if (fields.length < 5) {
      sink.skip("malformed row");
      return;
    }
    BigDecimal price;
    BigDecimal quantity;
    long time;
    try {
      price = OriginalNumbers.decimal(fields[1].trim());
      quantity = OriginalNumbers.decimal(fields[2].trim());
      time = OriginalNumbers.integer(fields[4].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row");
      return;
    }
    long micros = time >= MICROS_FROM ? time : time * 1000L;
    sink.trade(
        new OriginalTrade(
            symbol,
            price.doubleValue(),
            quantity.doubleValue(),
            Math.floorDiv(micros, 1000L),
            List.of(),
            price,
            quantity,
            micros,
            where));
  }
}
