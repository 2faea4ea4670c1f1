package io.marketlab.importers;

import io.marketlab.model.finnhub.TradeTick;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LEAN/AlgoSeek US equity trade ticks: a zip per symbol and day ({@code 20131007_trade.zip} in a
 * directory named after the symbol, or {@code spy_20131007_trade.zip}) holding a headerless CSV: ms
 * since midnight New York, price × 10000, size, exchange, sale condition, suspicious flag.
 *
 * <p>Mapping: symbol = upper-cased file prefix (or directory, or entry name); conditions = [sale
 * condition as written, e.g. "20002000"], plus "suspicious" when the flag is 1 (the trade is kept:
 * dropping it would lose data, and the flag lets consumers decide). The exchange code is not
 * carried: Finnhub's trade has no field for it. Receipt = trade time.
 */
final class LeanTickReader {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final double PRICE_SCALE = 10_000.0;
  static final String SUSPICIOUS = "suspicious";

  private static final Pattern PREFIXED = Pattern.compile("^([A-Za-z0-9.]+)_(\\d{8})_.*");
  private static final Pattern DATED = Pattern.compile("^(\\d{8})_.*");
  private static final Pattern ENTRY = Pattern.compile("^(\\d{8})_([A-Za-z0-9.]+)_.*");

  private LeanTickReader() {}

  static void read(Path file, String symbolOverride, TradeSink sink) {
    TextInputs.forEach(
        file,
        sink,
        (name, entry, lines) -> {
          String[] symbolAndDate = symbolAndDate(file, entry);
          String symbol = symbolOverride != null ? symbolOverride : symbolAndDate[0];
          LocalDate date = LocalDate.parse(symbolAndDate[1], DateTimeFormatter.BASIC_ISO_DATE);
          lines.each((where, number, line) -> readLine(where, line, symbol, date, sink));
        });
  }

  /** {symbol, yyyymmdd} from the file name, its directory or the zip entry name. */
  static String[] symbolAndDate(Path file, String entry) {
    String fileName = file.getFileName().toString();
    String symbol = null;
    String date = null;
    Matcher prefixed = PREFIXED.matcher(fileName);
    Matcher dated = DATED.matcher(fileName);
    if (prefixed.matches()) {
      symbol = prefixed.group(1);
      date = prefixed.group(2);
    } else if (dated.matches()) {
      date = dated.group(1);
      Path parent = file.toAbsolutePath().getParent();
      symbol = parent == null ? null : parent.getFileName().toString();
    }
    Matcher entryMatcher =
        entry == null ? null : ENTRY.matcher(Path.of(entry).getFileName().toString());
    if (entryMatcher != null && entryMatcher.matches()) {
      date = date == null ? entryMatcher.group(1) : date;
      symbol = symbol == null ? entryMatcher.group(2) : symbol;
    }
    if (symbol == null || date == null) {
      throw new ImportException(
          file
              + ": cannot tell symbol and date from the name (expected sym_YYYYMMDD_trade.zip or"
              + " sym/YYYYMMDD_trade.zip)");
    }
    try {
      LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE);
    } catch (DateTimeParseException e) {
      throw new ImportException(file + ": '" + date + "' in the name is not a date");
    }
    return new String[] {symbol.toUpperCase(Locale.ROOT), date};
  }

  private static void readLine(
      String where, String line, String symbol, LocalDate date, TradeSink sink) {
    if (line.isBlank()) {
      sink.skip("empty line", false, where, null);
      return;
    }
    String[] fields = TextInputs.split(line, ',');
    if (fields.length < 3) {
      sink.skip("malformed row: fewer than 3 columns", true, where, line);
      return;
    }
    long msOfDay;
    long scaledPrice;
    double size;
    try {
      msOfDay = Numbers.integer(fields[0].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row: time " + e.getMessage(), true, where, line);
      return;
    }
    try {
      scaledPrice = Numbers.integer(fields[1].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row: price " + e.getMessage(), true, where, line);
      return;
    }
    try {
      size = Numbers.decimal(fields[2].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row: size " + e.getMessage(), true, where, line);
      return;
    }
    if (msOfDay < 0 || msOfDay >= 86_400_000L * 2) {
      sink.skip("malformed row: ms since midnight out of range", true, where, line);
      return;
    }
    // Wall-clock arithmetic, as LEAN does: the time of day is New York local time.
    long timeMs =
        date.atStartOfDay()
            .plusNanos(msOfDay * 1_000_000L)
            .atZone(NEW_YORK)
            .toInstant()
            .toEpochMilli();
    List<String> conditions = new ArrayList<>(2);
    if (fields.length > 4 && !fields[4].isBlank()) {
      conditions.add(fields[4].trim());
    }
    if (fields.length > 5 && fields[5].trim().equals("1")) {
      conditions.add(SUSPICIOUS);
    }
    TradeTick tick = new TradeTick(symbol, scaledPrice / PRICE_SCALE, size, timeMs, conditions);
    sink.trade(timeMs * 1000L, tick, where);
  }
}
