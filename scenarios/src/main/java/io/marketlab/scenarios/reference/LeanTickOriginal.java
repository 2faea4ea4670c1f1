package io.marketlab.scenarios.reference;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference's reader of LEAN/AlgoSeek equity trade ticks (see
 * ../shared/replay-data/SOURCES.md): a zip holding a headerless CSV per symbol and day, {@code ms
 * since midnight New York, price × 10000, size, exchange, sale condition, suspicious flag}. The
 * symbol and the date come from the file name ({@code spy_20131007_trade.zip}, or {@code
 * spy/20131007_trade.zip}, or the entry's {@code 20131007_spy_Trade_Tick.csv}).
 *
 * <p>What the pipeline stores for a row: symbol upper-cased, price = the scaled integer × 10⁻⁴,
 * volume = size, time = the date's midnight plus the ms on New York's wall clock, conditions = the
 * sale condition as written (when not blank) and {@code suspicious} when the flag is 1. The session
 * delivers it at its trade time.
 */
final class LeanTickOriginal {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final long MAX_MS_OF_DAY = 2 * 86_400_000L;

  private LeanTickOriginal() {}

  static void read(Path file, Originals.Sink sink, List<String> warnings) {
    Originals.lines(
        file,
        (name, entry, lines) -> {
          String[] symbolAndDate = symbolAndDate(file, entry);
          String symbol = symbolAndDate[0].toUpperCase(Locale.ROOT);
          LocalDate date;
          try {
            date = LocalDate.parse(symbolAndDate[1], DateTimeFormatter.BASIC_ISO_DATE);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(file + ": no date in the name", e);
          }
          long number = 0;
          for (String line = lines.next(); line != null; line = lines.next()) {
            number++;
            if (lines.tooLong()) {
              sink.skip("malformed line: longer than 1 MiB");
              continue;
            }
            readRow(line, symbol, date, name + ":" + number, sink);
          }
        },
        warnings);
  }

  /** {symbol, yyyymmdd}: the file name, else its directory for the symbol, else the entry name. */
  static String[] symbolAndDate(Path file, String entry) {
    String[] parts = file.getFileName().toString().split("_");
    if (parts.length >= 3 && isDate(parts[1])) {
      return new String[] {parts[0], parts[1]};
    }
    String[] entryParts =
        entry == null ? new String[0] : Path.of(entry).getFileName().toString().split("_");
    boolean entryNames = entryParts.length >= 3 && isDate(entryParts[0]);
    if (parts.length >= 2 && isDate(parts[0])) {
      Path directory = file.toAbsolutePath().getParent();
      String symbol =
          directory != null && directory.getFileName() != null
              ? directory.getFileName().toString()
              : entryNames ? entryParts[1] : null;
      if (symbol != null) {
        return new String[] {symbol, parts[0]};
      }
    }
    if (entryNames) {
      return new String[] {entryParts[1], entryParts[0]};
    }
    throw new IllegalArgumentException(
        file + ": cannot tell symbol and date from the name (sym_YYYYMMDD_trade.zip)");
  }

  private static boolean isDate(String text) {
    return text.length() == 8 && text.chars().allMatch(Character::isDigit);
  }

  private static void readRow(
      String line, String symbol, LocalDate date, String where, Originals.Sink sink) {
    if (line.isBlank()) {
      sink.skip("empty line");
      return;
    }
    String[] fields = line.split(",", -1);
    if (fields.length < 3) {
      sink.skip("malformed row");
      return;
    }
    long msOfDay;
    long scaledPrice;
    BigDecimal size;
    try {
      msOfDay = OriginalNumbers.integer(fields[0].trim());
      scaledPrice = OriginalNumbers.integer(fields[1].trim());
      size = OriginalNumbers.decimal(fields[2].trim());
    } catch (NumberFormatException e) {
      sink.skip("malformed row");
      return;
    }
    if (msOfDay < 0 || msOfDay >= MAX_MS_OF_DAY) {
      sink.skip("malformed row: ms of day out of range");
      return;
    }
    long timeMs =
        date.atStartOfDay()
            .plus(Duration.ofMillis(msOfDay))
            .atZone(NEW_YORK)
            .toInstant()
            .toEpochMilli();
    List<String> conditions = new ArrayList<>(2);
    if (fields.length > 4 && !fields[4].isBlank()) {
      conditions.add(fields[4].trim());
    }
    if (fields.length > 5 && fields[5].trim().equals("1")) {
      conditions.add("suspicious");
    }
    BigDecimal price = BigDecimal.valueOf(scaledPrice, 4);
    sink.trade(
        new OriginalTrade(
            symbol,
            price.doubleValue(),
            size.doubleValue(),
            timeMs,
            List.copyOf(conditions),
            price,
            size,
            timeMs * 1000L,
            where));
  }
}
