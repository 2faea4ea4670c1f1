package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.importers.SharedData.SessionTrade;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imports the real hftbacktest captures and checks them against the raw lines, read here by regex.
 */
class BinanceCaptureImportTest {

  private static final Pattern TRADE =
      Pattern.compile(
          "^(\\d+) \\{\"stream\":\"[a-z]+@trade\",\"data\":\\{.*\"s\":\"([A-Z]+)\",.*"
              + "\"p\":\"([0-9.]+)\",\"q\":\"([0-9.]+)\",\"T\":(\\d+),.*");

  @TempDir Path dir;

  /** What the raw file holds, found without the importer's code. */
  record Raw(List<ImportedTrade> trades, long bookTickers, long depths, long other, long lines) {}

  static Raw raw(Path file) throws Exception {
    List<ImportedTrade> trades = new ArrayList<>();
    long bookTickers = 0;
    long depths = 0;
    long other = 0;
    long lines = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines++;
        Matcher m = TRADE.matcher(line);
        if (m.matches()) {
          trades.add(
              new ImportedTrade(
                  Long.parseLong(m.group(1)) / 1000,
                  new TradeTick(
                      "BINANCE:" + m.group(2),
                      new java.math.BigDecimal(m.group(3)).doubleValue(),
                      new java.math.BigDecimal(m.group(4)).doubleValue(),
                      Long.parseLong(m.group(5)),
                      List.of())));
        } else if (line.contains("@bookTicker\"")) {
          bookTickers++;
        } else if (line.contains("@depth@100ms\"")) {
          depths++;
        } else {
          other++;
        }
      }
    }
    return new Raw(trades, bookTickers, depths, other, lines);
  }

  private ImportReport importFiles(Path... files) {
    return Importer.run(
        ImportConfig.of(ImportFormat.BINANCE_CAPTURE, List.of(files), dir.resolve("s.session.gz")));
  }

  @ParameterizedTest
  @CsvSource({
    "btcusdt_20240808.gz, 9757",
    "btcusdt_20240809.gz, 10147",
    "ethusdt_20240808.gz, 6106",
    "ethusdt_20240809.gz, 8409",
  })
  void should_import_every_trade_of_one_capture_and_account_for_every_line(
      String name, long expected) throws Exception {
    Path file = SharedData.file("binance-spot/" + name);
    Raw raw = raw(file);
    assertThat(raw.trades()).hasSize((int) expected);

    ImportReport report = importFiles(file);

    assertThat(report.trades()).isEqualTo(expected);
    assertThat(report.linesRead()).isEqualTo(raw.lines());
    assertThat(report.trades() + report.skipped()).isEqualTo(raw.lines());
    assertThat(report.skippedByReason().get("not a trade: @bookTicker"))
        .isEqualTo(raw.bookTickers());
    assertThat(report.skippedByReason().get("not a trade: @depth@100ms")).isEqualTo(raw.depths());
    assertThat(report.skippedByReason().getOrDefault(BinanceCaptureReader.SNAPSHOT, 0L))
        .isEqualTo(raw.other());
    assertThat(report.firstTrade()).isEqualTo(raw.trades().get(0).tick());
    assertThat(report.lastTrade()).isEqualTo(raw.trades().get(raw.trades().size() - 1).tick());

    List<SessionTrade> written = SharedData.readTrades(report.output());
    assertThat(written)
        .extracting(SessionTrade::tick)
        .containsExactlyElementsOf(raw.trades().stream().map(ImportedTrade::tick).toList());
  }

  @Test
  void should_match_the_first_trade_documented_in_sources() {
    ImportReport report = importFiles(SharedData.file("binance-spot/btcusdt_20240808.gz"));
    assertThat(report.firstTrade())
        .isEqualTo(new TradeTick("BINANCE:BTCUSDT", 61837.63, 0.02, 1723161255342L, List.of()));
    assertThat(report.skippedByReason().get(BinanceCaptureReader.SNAPSHOT)).isEqualTo(1);
  }

  @Test
  void should_merge_all_four_captures_into_one_receipt_ordered_session() throws Exception {
    List<Path> files = new ArrayList<>();
    List<ImportedTrade> expected = new ArrayList<>();
    for (String name :
        List.of(
            "btcusdt_20240808.gz",
            "btcusdt_20240809.gz",
            "ethusdt_20240808.gz",
            "ethusdt_20240809.gz")) {
      Path file = SharedData.file("binance-spot/" + name);
      files.add(file);
      expected.addAll(raw(file).trades());
    }
    // Independent reference: a stable sort of the raw trades by receipt µs, file order breaking
    // ties.
    expected.sort(java.util.Comparator.comparingLong(ImportedTrade::receiptMicros));

    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.BINANCE_CAPTURE, files, dir.resolve("m.session.gz")));

    assertThat(report.trades()).isEqualTo(34_419);
    assertThat(report.tradesBySymbol())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("BINANCE:BTCUSDT", 9_757L + 10_147L),
            org.assertj.core.api.Assertions.entry("BINANCE:ETHUSDT", 6_106L + 8_409L));
    long start = expected.get(0).receiptMicros();
    try (SessionReader reader = SessionReader.open(report.output())) {
      assertThat(reader.header().startTime()).isEqualTo(Instant.ofEpochSecond(0, start * 1000));
      assertThat(reader.header().symbols()).containsExactly("BINANCE:BTCUSDT", "BINANCE:ETHUSDT");
    }
    List<SessionTrade> written = SharedData.readTrades(report.output());
    assertThat(written).hasSize(expected.size());
    for (int i = 0; i < written.size(); i++) {
      assertThat(written.get(i).tick()).as("trade %d", i).isEqualTo(expected.get(i).tick());
      assertThat(written.get(i).offsetMicros())
          .as("offset %d", i)
          .isEqualTo(expected.get(i).receiptMicros() - start);
    }
    assertThat(report.frames()).isLessThanOrEqualTo(34_419);
  }

  @Test
  void should_keep_only_the_selected_symbol_and_time_window() throws Exception {
    Path btc = SharedData.file("binance-spot/btcusdt_20240808.gz");
    Path eth = SharedData.file("binance-spot/ethusdt_20240808.gz");
    long from = 1723161300000L;
    long to = 1723161360000L;
    long expected = 0;
    for (ImportedTrade trade : raw(eth).trades()) {
      if (trade.tick().timeMs() >= from && trade.tick().timeMs() < to) {
        expected++;
      }
    }
    ImportReport report =
        Importer.run(
            ImportConfig.of(
                    ImportFormat.BINANCE_CAPTURE, List.of(btc, eth), dir.resolve("w.session.gz"))
                .withSymbols(java.util.Set.of("ethusdt"))
                .withWindow(
                    TimeWindow.of(
                        Instant.ofEpochMilli(from).toString(),
                        Instant.ofEpochMilli(to).toString(),
                        null)));
    assertThat(expected).isPositive();
    assertThat(report.trades()).isEqualTo(expected);
    assertThat(report.tradesBySymbol()).containsOnlyKeys("BINANCE:ETHUSDT");
    assertThat(report.skippedByReason().get(Collector.SYMBOL_NOT_SELECTED)).isEqualTo(9_757L);
  }

  @Test
  void should_ship_a_demo_session_holding_exactly_the_raw_trades_of_its_window() throws Exception {
    Path demo = null;
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("replay-data/btc-eth-demo.session.gz"))) {
        demo = d.resolve("replay-data/btc-eth-demo.session.gz");
        break;
      }
    }
    SharedData.require(demo != null ? demo : Path.of("replay-data/btc-eth-demo.session.gz"));
    long from = Instant.parse("2024-08-08T23:54:00Z").toEpochMilli();
    long to = Instant.parse("2024-08-08T23:57:15Z").toEpochMilli();
    List<ImportedTrade> expected = new ArrayList<>();
    for (String name : List.of("btcusdt_20240808.gz", "ethusdt_20240808.gz")) {
      for (ImportedTrade trade : raw(SharedData.file("binance-spot/" + name)).trades()) {
        if (trade.tick().timeMs() >= from && trade.tick().timeMs() < to) {
          expected.add(trade);
        }
      }
    }
    expected.sort(java.util.Comparator.comparingLong(ImportedTrade::receiptMicros));

    List<SessionTrade> shipped = SharedData.readTrades(demo);

    assertThat(shipped)
        .extracting(SessionTrade::tick)
        .containsExactlyElementsOf(expected.stream().map(ImportedTrade::tick).toList());
    assertThat(Files.size(demo)).isLessThan(300 * 1024);
    try (SessionReader reader = SessionReader.open(demo)) {
      assertThat(reader.header().licence()).isEqualTo("MIT");
      assertThat(reader.header().provenance()).contains("hftbacktest").contains("5f3ec40b");
    }
  }
}
