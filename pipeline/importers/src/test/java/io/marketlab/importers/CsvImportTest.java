package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketlab.importers.CsvMapping.TimeUnit;
import io.marketlab.importers.SharedData.SessionTrade;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binance trade-dump CSV (fixtures in test resources) and the generic column-mapped CSV. */
class CsvImportTest {

  @TempDir Path dir;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(CsvImportTest.class.getResource("/" + name).toURI());
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void should_read_a_binance_dump_with_header_and_milliseconds() throws Exception {
    Path csv = resource("binance-csv/BTCUSDT-trades-2024-08-08.csv");
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.BINANCE_CSV, List.of(csv), dir.resolve("b.session.gz")));

    assertThat(report.trades()).isEqualTo(4);
    assertThat(report.skippedByReason())
        .containsEntry("header line", 1L)
        .containsEntry("malformed row: price is not a number", 1L);
    assertThat(report.skipExamples())
        .singleElement()
        .asString()
        .contains("BTCUSDT-trades-2024-08-08.csv:5");
    List<SessionTrade> trades = SharedData.readTrades(report.output());
    assertThat(trades)
        .extracting(SessionTrade::tick)
        .containsExactly(
            new TradeTick("BINANCE:BTCUSDT", 61837.63, 0.02, 1723161255342L, List.of()),
            new TradeTick("BINANCE:BTCUSDT", 61837.64, 0.001, 1723161255342L, List.of()),
            new TradeTick("BINANCE:BTCUSDT", 61837.64, 0.0, 1723161255343L, List.of()),
            new TradeTick("BINANCE:BTCUSDT", 61838.0, 0.5, 1723161255400L, List.of()));
    // the two trades of the same ms arrive in one frame, as Finnhub batches them
    assertThat(trades.get(0).frame()).isEqualTo(trades.get(1).frame());
    assertThat(trades.get(2).frame()).isEqualTo(1);
    assertThat(trades)
        .extracting(SessionTrade::offsetMicros)
        .containsExactly(0L, 0L, 1_000L, 58_000L);
  }

  @Test
  void should_detect_microsecond_times_and_keep_microsecond_receipt_offsets() throws Exception {
    Path csv = resource("binance-csv/ETHUSDT-trades-2025-01-02.csv");
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.BINANCE_CSV, List.of(csv), dir.resolve("e.session.gz"))
                .withClock(
                    java.time.Clock.fixed(
                        Instant.parse("2025-01-02T00:00:00Z"), ZoneId.of("UTC"))));
    List<SessionTrade> trades = SharedData.readTrades(report.output());
    assertThat(trades).extracting(t -> t.tick().timeMs()).containsOnly(1735776000123L);
    assertThat(trades).extracting(SessionTrade::offsetMicros).containsExactly(0L, 0L, 543L);
    try (SessionReader reader = SessionReader.open(report.output())) {
      assertThat(reader.header().startTime())
          .isEqualTo(Instant.parse("2025-01-02T00:00:00.123456Z"));
    }
  }

  @Test
  void should_refuse_a_binance_dump_without_symbol_in_its_name() throws Exception {
    Path csv = write("trades.csv", "1,1.0,1.0,1.0,1723161255342,True,True\n");
    ImportConfig config =
        ImportConfig.of(ImportFormat.BINANCE_CSV, List.of(csv), dir.resolve("x.session.gz"));
    assertThatThrownBy(() -> Importer.run(config))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("--symbol");
    assertThat(Importer.run(config.withSymbolOverride("BINANCE:SOLUSDT")).tradesBySymbol())
        .containsKey("BINANCE:SOLUSDT");
  }

  @Test
  void should_fail_on_the_first_broken_line_when_strict() throws Exception {
    Path csv = resource("binance-csv/BTCUSDT-trades-2024-08-08.csv");
    ImportConfig config =
        ImportConfig.of(ImportFormat.BINANCE_CSV, List.of(csv), dir.resolve("s.session.gz"))
            .withStrict(true);
    assertThatThrownBy(() -> Importer.run(config))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining(
            "BTCUSDT-trades-2024-08-08.csv:5: malformed row: price is not a number");
    assertThat(dir.resolve("s.session.gz")).doesNotExist();
  }

  @Test
  void should_map_columns_iso_times_zone_and_price_scale() throws Exception {
    Path csv =
        write(
            "ticks.tsv",
            String.join(
                "\n",
                "when\tsym\tpx\tqty\tcond",
                "2013-10-07 09:30:00.007\tspy\t1674100\t500\t@|F",
                "2013-10-07 09:30:00.007\tspy\t1674100\t100\t",
                "2013-10-07 09:29:59.999\tbac\t139100\t200\t@",
                "garbage\tspy\t1\t1\t",
                "2013-10-07 09:30:01\tspy\t-5\t1\t"));
    CsvMapping mapping =
        new CsvMapping(
            "sym",
            null,
            "px",
            "qty",
            "when",
            "cond",
            TimeUnit.ISO,
            ZoneId.of("America/New_York"),
            10_000,
            '\t',
            true);
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.CSV, List.of(csv), dir.resolve("g.session.gz"))
                .withCsvMapping(mapping));

    long open = Instant.parse("2013-10-07T13:30:00.007Z").toEpochMilli();
    List<SessionTrade> trades = SharedData.readTrades(report.output());
    assertThat(trades)
        .extracting(SessionTrade::tick)
        .containsExactly(
            new TradeTick("bac", 13.91, 200, open - 8, List.of("@")),
            new TradeTick("spy", 167.41, 500, open, List.of("@", "F")),
            new TradeTick("spy", 167.41, 100, open, List.of()));
    assertThat(report.skippedByReason())
        .containsEntry("malformed row: time is not ISO-8601 date-time", 1L)
        .containsEntry("invalid trade: p: out of range (0, 1e9)", 1L);
    assertThat(report.linesRead()).isEqualTo(6);
  }

  @Test
  void should_count_the_header_line_of_a_csv_import_as_skipped() throws Exception {
    // Fuzz finding csv-header-line-not-accounted: the header was read but neither kept nor
    // skipped, so lines read (2) != trades (1) + skipped (0).
    Path csv = write("trades.csv", "symbol,price,volume,time\nAAPL,261.74,100,1700000000123\n");
    CsvMapping mapping =
        new CsvMapping(
            "symbol", null, "price", "volume", "time", null, TimeUnit.MS, null, 1, ',', true);
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.CSV, List.of(csv), dir.resolve("h.session.gz"))
                .withCsvMapping(mapping));

    assertThat(report.linesRead()).isEqualTo(2);
    assertThat(report.trades()).isEqualTo(1);
    assertThat(report.skippedByReason()).containsExactly(java.util.Map.entry("header line", 1L));
    assertThat(report.describe()).contains("read 2 lines; skipped 1").contains("header line");
  }

  @Test
  void should_read_headerless_csv_by_index_with_fixed_symbol_and_second_times() throws Exception {
    Path csv = write("plain.csv", "1723161255.5,100.25,3\n1723161255.25,100.5,0\n");
    CsvMapping mapping =
        new CsvMapping(null, "TEST", "1", "2", "0", null, TimeUnit.S, null, 1, ',', false);
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.CSV, List.of(csv), dir.resolve("p.session.gz"))
                .withCsvMapping(mapping));
    List<SessionTrade> trades = SharedData.readTrades(report.output());
    // sorted by time: the second row came first
    assertThat(trades)
        .extracting(t -> t.tick().timeMs())
        .containsExactly(1723161255250L, 1723161255500L);
    assertThat(trades).extracting(SessionTrade::offsetMicros).containsExactly(0L, 250_000L);
    assertThat(trades.get(0).tick().isPriceUpdate()).isTrue();
  }

  @Test
  void should_keep_input_order_for_ties_across_files_and_cap_frames_at_fifty() throws Exception {
    StringBuilder a = new StringBuilder("t,s,p,v\n");
    StringBuilder b = new StringBuilder("t,s,p,v\n");
    List<Double> expectedVolumes = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      a.append("1723161255342,X,1.5,").append(i).append('\n');
      expectedVolumes.add((double) i);
    }
    for (int i = 61; i <= 70; i++) {
      b.append("1723161255342,X,1.5,").append(i).append('\n');
      expectedVolumes.add((double) i);
    }
    b.append("1723161255342,Y,2.5,1\n");
    CsvMapping mapping =
        new CsvMapping("s", null, "p", "v", "t", null, TimeUnit.MS, null, 1, ',', true);
    ImportReport report =
        Importer.run(
            ImportConfig.of(
                    ImportFormat.CSV,
                    List.of(write("a.csv", a.toString()), write("b.csv", b.toString())),
                    dir.resolve("t.session.gz"))
                .withCsvMapping(mapping));
    List<SessionTrade> trades = SharedData.readTrades(report.output());
    assertThat(trades.subList(0, 70))
        .extracting(t -> t.tick().volume())
        .containsExactlyElementsOf(expectedVolumes);
    assertThat(trades.get(70).tick().symbol()).isEqualTo("Y");
    // 70 trades of X at one instant: frames of 50 and 20; Y in its own frame
    assertThat(report.frames()).isEqualTo(3);
    assertThat(trades.get(49).frame()).isZero();
    assertThat(trades.get(50).frame()).isEqualTo(1);
    assertThat(trades.get(70).frame()).isEqualTo(2);
  }

  @Test
  void should_name_a_missing_column() throws Exception {
    Path csv = write("c.csv", "a,b,c\n1,2,3\n");
    CsvMapping mapping =
        new CsvMapping(null, "S", "price", "b", "c", null, TimeUnit.MS, null, 1, ',', true);
    assertThatThrownBy(
            () ->
                Importer.run(
                    ImportConfig.of(ImportFormat.CSV, List.of(csv), dir.resolve("c.session.gz"))
                        .withCsvMapping(mapping)))
        .hasMessageContaining("column 'price' is not in the header a,b,c");
  }
}
