package io.marketlab.importers;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How to read trades from any delimited text file. Columns are named by header name or by 0-based
 * index ({@code "2"}).
 *
 * @param symbolColumn column holding the symbol; null when {@code fixedSymbol} is set
 * @param fixedSymbol symbol for every row (overrides the column); null to use the column
 * @param priceColumn price column (required)
 * @param volumeColumn volume column (required)
 * @param timeColumn trade time column (required)
 * @param conditionsColumn optional column of conditions separated by {@code |}; null for none
 * @param timeUnit unit of numeric times, or {@link TimeUnit#ISO} for ISO-8601 text; default ms
 * @param zone zone for ISO times without an offset; default UTC
 * @param priceScale every price is divided by this (e.g. 10000 for LEAN-style integers); default 1
 * @param delimiter field separator; default ','
 * @param header whether line 1 names the columns; default true
 */
record CsvMapping(
    String symbolColumn,
    String fixedSymbol,
    String priceColumn,
    String volumeColumn,
    String timeColumn,
    String conditionsColumn,
    TimeUnit timeUnit,
    ZoneId zone,
    double priceScale,
    char delimiter,
    boolean header) {

  /** Units of the time column. */
  enum TimeUnit {
    S,
    MS,
    US,
    NS,
    ISO
  }

  CsvMapping {
    if (symbolColumn == null && fixedSymbol == null) {
      throw new ImportException("csv mapping: give a symbol column or a fixed symbol");
    }
    Objects.requireNonNull(priceColumn, "csv mapping: price column is required");
    Objects.requireNonNull(volumeColumn, "csv mapping: volume column is required");
    Objects.requireNonNull(timeColumn, "csv mapping: time column is required");
    timeUnit = timeUnit == null ? TimeUnit.MS : timeUnit;
    zone = zone == null ? ZoneOffset.UTC : zone;
    if (!(priceScale > 0) || Double.isInfinite(priceScale)) {
      throw new ImportException(
          "csv mapping: price scale must be a positive number, was " + priceScale);
    }
  }
}
