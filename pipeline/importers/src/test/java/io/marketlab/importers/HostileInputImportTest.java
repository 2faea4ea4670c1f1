package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.importers.CsvMapping.TimeUnit;
import io.marketlab.importers.SharedData.SessionTrade;
import io.marketlab.model.finnhub.TradeTick;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13's input findings against the importers: each test failed before its fix. */
class HostileInputImportTest {

  private static final String HEADER = "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n";

  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private ImportReport binanceCsv(Path... files) {
    return Importer.run(
        ImportConfig.of(ImportFormat.BINANCE_CSV, List.of(files), dir.resolve("out.session.gz")));
  }

  // Before: Double.parseDouble read 0x1.8p1 as 3.0 and the trade went into the session.
  @Test
  void should_refuse_a_hex_float_price_naming_file_and_line() throws Exception {
    Path csv =
        write(
            "BTCUSDT-trades-2024-08-08.csv",
            HEADER
                + "1,61837.63,0.02,0,1723161255342,true,True\n"
                + "2,0x1.8p1,0.02,0,1723161255343,true,True\n");
    ImportReport report = binanceCsv(csv);
    assertThat(report.trades()).isEqualTo(1);
    assertThat(report.skippedByReason()).containsEntry("malformed row: price is a hex number", 1L);
    assertThat(report.skipExamples())
        .containsExactly(
            csv
                + ":3: malformed row: price is a hex number: 2,0x1.8p1,0.02,0,1723161255343,true,True");
    assertThatThrownBy(
            () ->
                Importer.run(
                    ImportConfig.of(ImportFormat.BINANCE_CSV, List.of(csv), dir.resolve("s.gz"))
                        .withStrict(true)))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(csv + ":3: malformed row: price is a hex number");
  }

  // Before: the time cell went to BigDecimal.setScale, about 68 s of arithmetic for one cell.
  @Test
  void should_refuse_a_number_over_the_exponent_bound_before_any_arithmetic() throws Exception {
    Path csv =
        write(
            "t.csv",
            "symbol,price,qty,time\n"
                + "BTCUSDT,61837.63,0.02,1e50000000\n"
                + "BTCUSDT,61837.63,1e50000000,1723161255342\n"
                + "BTCUSDT,61837.63,0.02,1723161255342\n");
    CsvMapping mapping =
        new CsvMapping(
            "symbol",
            null,
            "price",
            "qty",
            "time",
            null,
            TimeUnit.MS,
            ZoneOffset.UTC,
            1,
            ',',
            true);
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.CSV, List.of(csv), dir.resolve("c.session.gz"))
                .withCsvMapping(mapping));
    assertThat(report.trades()).isEqualTo(1);
    assertThat(report.skippedByReason())
        .containsEntry("malformed row: time has an exponent of more than 3 digits", 1L)
        .containsEntry("malformed row: volume has an exponent of more than 3 digits", 1L);
    assertThat(report.skipExamples())
        .anyMatch(line -> line.startsWith(csv + ":2: malformed row: time has an exponent"));
  }

  // Before: the 0xff byte became U+FFFD and a trade of symbol "BTC\ufffdUSDT" was imported.
  @Test
  void should_stop_at_a_line_that_is_not_utf8_naming_file_and_line() throws Exception {
    Path csv = dir.resolve("u.csv");
    try (OutputStream out = Files.newOutputStream(csv)) {
      out.write("symbol,price,qty,time\nBTCUSDT,1.5,2,1723161255342\nBTC".getBytes());
      out.write(0xff);
      out.write("USDT,1.5,2,1723161255343\n".getBytes());
    }
    CsvMapping mapping =
        new CsvMapping(
            "symbol",
            null,
            "price",
            "qty",
            "time",
            null,
            TimeUnit.MS,
            ZoneOffset.UTC,
            1,
            ',',
            true);
    assertThatThrownBy(
            () ->
                Importer.run(
                    ImportConfig.of(ImportFormat.CSV, List.of(csv), dir.resolve("u.session.gz"))
                        .withCsvMapping(mapping)))
        .isInstanceOf(ImportException.class)
        .hasMessage(csv + ":3: not UTF-8 text: invalid byte sequence at byte 4 of the line (0xff)");
    assertThat(dir.resolve("u.session.gz")).doesNotExist();
  }

  // Before: BufferedReader held the whole line, however long.
  @Test
  void should_count_a_line_over_the_bound_as_broken_and_go_on() throws Exception {
    Path csv =
        write(
            "BTCUSDT-trades-2024-08-08.csv",
            HEADER
                + "1,61837.63,0.02,0,1723161255342,true,True\n"
                + "2,"
                + "9".repeat(TextInputs.MAX_LINE_BYTES)
                + "\n3,61837.64,0.5,0,1723161255343,true,True\n");
    ImportReport report = binanceCsv(csv);
    assertThat(report.trades()).isEqualTo(2);
    assertThat(report.linesRead()).isEqualTo(4);
    assertThat(report.skippedByReason()).containsEntry(TextInputs.LINE_TOO_LONG, 1L);
    assertThat(report.skipExamples()).containsExactly(csv + ":3: " + TextInputs.LINE_TOO_LONG);
  }

  // Before: the whole import failed with "Unexpected end of ZLIB input stream".
  @Test
  void should_import_a_truncated_gzip_up_to_the_damage_with_a_warning() throws Exception {
    StringBuilder text = new StringBuilder(HEADER);
    for (int i = 0; i < 40_000; i++) {
      text.append(i)
          .append(',')
          .append(61_000 + (i * 7919L) % 1000)
          .append('.')
          .append(i % 100)
          .append(",0.0")
          .append(i % 10 + 1)
          .append(",0,")
          .append(1723161255342L + i)
          .append(",true,True\n");
    }
    Path whole = dir.resolve("whole.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
      out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] bytes = Files.readAllBytes(whole);
    int cut = bytes.length / 2;
    Path truncated = dir.resolve("BTCUSDT-trades-2024-08-08.csv.gz");
    Files.write(truncated, Arrays.copyOf(bytes, cut));

    List<String> complete = completeLinesBeforeDamage(truncated);
    ImportReport report = binanceCsv(truncated);

    assertThat(report.trades()).isEqualTo(complete.size() - 1); // less the header line
    assertThat(report.linesRead()).isEqualTo(complete.size());
    assertThat(report.warnings())
        .singleElement()
        .asString()
        .startsWith(truncated + ": damaged gzip at compressed byte " + cut + " (")
        .contains("read the " + complete.size() + " complete lines before it");
    assertThat(report.describe()).contains("warning: " + truncated + ": damaged gzip");
    List<SessionTrade> trades = SharedData.readTrades(report.output());
    String lastLine = complete.get(complete.size() - 1);
    String[] fields = lastLine.split(",");
    assertThat(trades.get(trades.size() - 1).tick())
        .isEqualTo(
            new TradeTick(
                "BINANCE:BTCUSDT",
                Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]),
                Long.parseLong(fields[4]),
                List.of()));

    assertThatThrownBy(
            () ->
                Importer.run(
                    ImportConfig.of(
                            ImportFormat.BINANCE_CSV, List.of(truncated), dir.resolve("s.gz"))
                        .withStrict(true)))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(truncated + ": damaged gzip at compressed byte " + cut);
  }

  /** The lines a plain GZIPInputStream delivers whole before it fails, read without our code. */
  static List<String> completeLinesBeforeDamage(Path file) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          bytes.write(buffer, 0, n);
        }
      } catch (EOFException expected) {
        // the cut
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  // Before: Jackson read the first JSON value and ignored the rest; T = 1723161255342.0 passed as
  // an integer. The reference refuses both, so the two disagreed on the trade.
  @Test
  void should_refuse_a_capture_line_with_text_after_its_json_or_a_fractional_time()
      throws Exception {
    String good =
        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\","
            + "\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342}}";
    Path capture = dir.resolve("c.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(capture))) {
      out.write(
          ("1723161254087896568 "
                  + good
                  + "\n"
                  + "1723161254087896569 "
                  + good
                  + " {\"more\":1}\n"
                  + "1723161254087896570 "
                  + good.replace("5342}", "5342.0}")
                  + "\n"
                  + "1723161254087896571 "
                  + good.replace("\"61837.63000000\"", "\"0x1p16\"")
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    ImportReport report =
        Importer.run(
            ImportConfig.of(
                ImportFormat.BINANCE_CAPTURE, List.of(capture), dir.resolve("c.session.gz")));
    assertThat(report.trades()).isEqualTo(1);
    assertThat(report.skippedByReason())
        .containsEntry("malformed line: not JSON", 1L)
        .containsEntry("malformed trade message: s, p, q or T missing or of the wrong type", 1L)
        .containsEntry("malformed trade message: p is a hex number", 1L);
  }
}
