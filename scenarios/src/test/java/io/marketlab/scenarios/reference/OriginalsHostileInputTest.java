package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.importers.ImportConfig;
import io.marketlab.importers.ImportFormat;
import io.marketlab.importers.ImportReport;
import io.marketlab.importers.Importer;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile original files (issue 13): the reference reads them with the importers' strictness, in
 * its own code, so the two agree trade for trade; before, each case here made them disagree (or
 * made one of them fail or hang while the other went on).
 */
class OriginalsHostileInputTest {

  private static final String HEADER = "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n";
  private static final String TRADE =
      "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,"
          + "\"s\":\"BTCUSDT\",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342}}";

  @TempDir Path dir;

  /** (symbol, price, volume, time) of what the importer's session carries, in its order. */
  private static List<String> imported(ImportReport report) {
    List<String> trades = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(report.output())) {
      for (SessionFrame frame : reader) {
        if (FinnhubCodec.parse(frame.text()) instanceof FinnhubMessage.Trades parsed) {
          for (TradeTick tick : parsed.valid()) {
            trades.add(
                tick.symbol() + " " + tick.price() + " " + tick.volume() + " " + tick.timeMs());
          }
        }
      }
    }
    return trades;
  }

  private static List<String> reference(Originals originals) {
    List<String> trades = new ArrayList<>();
    for (OriginalTrade trade : originals.trades()) {
      trades.add(
          trade.symbol() + " " + trade.price() + " " + trade.volume() + " " + trade.timeMs());
    }
    return trades;
  }

  private static Originals originals(String format, Path file) {
    return Originals.read(new Originals.Inputs(format, List.of(file), Set.of(), null, null, null));
  }

  private ImportReport importFile(ImportFormat format, Path file) {
    return Importer.run(ImportConfig.of(format, List.of(file), dir.resolve("s.session.gz")));
  }

  @Test
  void should_agree_on_hex_floats_suffixes_nan_foreign_digits_and_unbounded_numbers()
      throws Exception {
    Path csv = dir.resolve("BTCUSDT-trades-2024-08-08.csv");
    Files.writeString(
        csv,
        HEADER
            + "1,61837.63,0.02,0,1723161255342,true,True\n"
            + "2,0x1.8p1,0.02,0,1723161255343,true,True\n" // importer took 3.0
            + "3,61837.64d,0.02,0,1723161255344,true,True\n" // importer took 61837.64
            + "4,61837.65,0.02,0,١٧٢٣١٦١٢٥٥٣٤٥,true,True\n" // reference took the time
            + "5,61837.66,1e-50000000,0,1723161255346,true,True\n" // reference: exact 10^-5e7
            + "6,61837.67,0.5e3,0,1723161255347,true,True\n"
            + "7,61837.68,"
            + "1".repeat(65)
            + ",0,1723161255348,true,True\n");
    ImportReport report = importFile(ImportFormat.BINANCE_CSV, csv);
    Originals originals = originals("binance-csv", csv);
    assertThat(reference(originals)).isEqualTo(imported(report)).hasSize(2);
    assertThat(originals.skipped()).containsEntry("malformed row", 5L);
  }

  @Test
  void should_agree_on_capture_lines_with_trailing_text_fractional_times_and_deep_json()
      throws Exception {
    Path capture = dir.resolve("btcusdt_20240808.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(capture))) {
      String deep = "[".repeat(1001) + "]".repeat(1001);
      String lines =
          "1723161254087896568 "
              + TRADE
              + "\n"
              + "1723161254087896569 "
              + TRADE
              + " {\"more\":1}\n"
              + "1723161254087896570 "
              + TRADE.replace("5342}", "5342.0}")
              + "\n"
              + "1723161254087896571 "
              + TRADE.replace("\"E\":1723161255343", "\"E\":" + deep)
              + "\n"
              + "1723161254087896572 "
              + TRADE.replace("\"E\":1723161255343", "\"E\":" + "9".repeat(1001))
              + "\n"
              + "1723161254087896573 "
              + TRADE.replace("\"0.02000000\"", "\"0x1p-6\"")
              + "\n"
              + "1723161254087896574 "
              + TRADE
              + "\n";
      out.write(lines.getBytes(StandardCharsets.UTF_8));
    }
    ImportReport report = importFile(ImportFormat.BINANCE_CAPTURE, capture);
    assertThat(reference(originals("binance-capture", capture)))
        .isEqualTo(imported(report))
        .hasSize(2);
  }

  @Test
  void should_stop_at_a_line_that_is_not_utf8_as_the_import_does() throws Exception {
    Path csv = dir.resolve("BTCUSDT-trades-2024-08-08.csv");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write((HEADER + "1,61837.63,0.02,0,1723161255342,true,True\n2,6183").getBytes());
    bytes.write(new byte[] {(byte) 0xe2, (byte) 0x82});
    bytes.write(",0.02,0,1723161255343,true,True\n".getBytes());
    Files.write(csv, bytes.toByteArray());
    assertThatThrownBy(() -> importFile(ImportFormat.BINANCE_CSV, csv))
        .hasMessageContaining(csv + ":3: not UTF-8 text");
    assertThatThrownBy(() -> originals("binance-csv", csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BTCUSDT-trades-2024-08-08.csv:3: not UTF-8 text");
  }

  @Test
  void should_read_a_truncated_capture_up_to_the_damage_as_the_import_does() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      lines
          .append(1723161254087896568L + i * 1000L)
          .append(' ')
          .append(
              TRADE
                  .replace("61837.63000000", "618" + (10 + i % 80) + "." + (i % 100))
                  .replace("1723161255342", Long.toString(1723161255342L + i)))
          .append('\n');
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(compressed)) {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = compressed.toByteArray();
    Path capture = dir.resolve("btcusdt_20240808.gz");
    Files.write(capture, Arrays.copyOf(whole, whole.length / 2));

    ImportReport report = importFile(ImportFormat.BINANCE_CAPTURE, capture);
    Originals originals = originals("binance-capture", capture);
    List<String> trades = imported(report);
    assertThat(trades.size()).isBetween(1_000, 29_999);
    assertThat(reference(originals)).isEqualTo(trades);
    assertThat(originals.warnings())
        .singleElement()
        .asString()
        .startsWith("btcusdt_20240808.gz: damaged gzip at compressed byte " + whole.length / 2);
    assertThat(report.warnings()).hasSize(1);
  }

  @Test
  void should_skip_a_line_over_1_mib_as_the_import_does() throws Exception {
    Path csv = dir.resolve("BTCUSDT-trades-2024-08-08.csv");
    Files.writeString(
        csv,
        HEADER
            + "1,61837.63,0.02,0,1723161255342,true,True\n"
            + "2,"
            + "5".repeat(1 << 20)
            + "\n3,61837.64,0.5,0,1723161255343,true,True\n");
    ImportReport report = importFile(ImportFormat.BINANCE_CSV, csv);
    Originals originals = originals("binance-csv", csv);
    assertThat(reference(originals)).isEqualTo(imported(report)).hasSize(2);
    assertThat(originals.skipped()).containsEntry("malformed line: longer than 1 MiB", 1L);
  }
}
