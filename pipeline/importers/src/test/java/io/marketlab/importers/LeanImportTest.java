package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.importers.SharedData.SessionTrade;
import io.marketlab.model.finnhub.TradeTick;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Imports the real LEAN/AlgoSeek ticks. SOURCES.md lists 250,600 / 88,171 / 25,350 trades, which is
 * {@code wc -l}: each CSV lacks a final newline, so the files hold one row more. The tests count
 * rows themselves and assert those.
 */
class LeanImportTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final LocalDate DAY = LocalDate.of(2013, 10, 7);

  @TempDir Path dir;

  static List<String> rows(Path zip) throws Exception {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry entry = file.entries().nextElement();
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
        return in.lines().filter(line -> !line.isBlank()).toList();
      }
    }
  }

  static long timeMs(String row) {
    long ms = Long.parseLong(row.split(",")[0]);
    return ZonedDateTime.of(DAY, LocalTime.MIDNIGHT, NEW_YORK).toInstant().toEpochMilli() + ms;
  }

  static TradeTick tick(String symbol, String row) {
    String[] f = row.split(",");
    return new TradeTick(
        symbol,
        new java.math.BigDecimal(f[1]).movePointLeft(4).doubleValue(),
        Double.parseDouble(f[2]),
        timeMs(row),
        List.of(f[4]));
  }

  @ParameterizedTest
  @CsvSource({"spy, SPY, 250601", "bac, BAC, 88172", "aig, AIG, 25351"})
  void should_import_every_tick_of_a_day_with_values_from_the_raw_rows(
      String prefix, String symbol, long rowsInFile) throws Exception {
    Path zip = SharedData.file("lean-equity-ticks/" + prefix + "_20131007_trade.zip");
    List<String> rows = rows(zip);
    assertThat(rows).hasSize((int) rowsInFile);

    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.LEAN, List.of(zip), dir.resolve(prefix + ".session.gz")));

    assertThat(report.trades()).isEqualTo(rows.size());
    assertThat(report.skipped()).isZero();
    assertThat(report.tradesBySymbol()).containsOnlyKeys(symbol);
    assertThat(report.firstTrade()).isEqualTo(tick(symbol, rows.get(0)));
    assertThat(report.lastTrade()).isEqualTo(tick(symbol, rows.get(rows.size() - 1)));

    List<SessionTrade> written = SharedData.readTrades(report.output());
    assertThat(written).hasSize(rows.size());
    long firstTime = timeMs(rows.get(0));
    for (int i = 0; i < written.size(); i++) {
      SessionTrade trade = written.get(i);
      assertThat(trade.tick()).as("row %d", i + 1).isEqualTo(tick(symbol, rows.get(i)));
      // receipt = trade time for tick data
      assertThat(trade.offsetMicros()).isEqualTo((trade.tick().timeMs() - firstTime) * 1000);
    }
  }

  @Test
  void should_read_the_first_spy_row_as_documented() {
    Path zip = SharedData.file("lean-equity-ticks/spy_20131007_trade.zip");
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.LEAN, List.of(zip), dir.resolve("spy.session.gz")));
    // 14400464,1674100,100,P,20002000,0 = 04:00:00.464 New York (EDT, UTC-4) = 08:00:00.464Z
    assertThat(report.firstTrade())
        .isEqualTo(
            new TradeTick(
                "SPY",
                167.41,
                100,
                java.time.Instant.parse("2013-10-07T08:00:00.464Z").toEpochMilli(),
                List.of("20002000")));
  }

  @Test
  void should_slice_the_opening_half_hour_in_new_york_time() throws Exception {
    Path spy = SharedData.file("lean-equity-ticks/spy_20131007_trade.zip");
    Path bac = SharedData.file("lean-equity-ticks/bac_20131007_trade.zip");
    long expectedSpy = 0;
    long expectedBac = 0;
    for (String row : rows(spy)) {
      long ms = Long.parseLong(row.split(",")[0]);
      expectedSpy += ms >= 34_200_000L && ms < 36_000_000L ? 1 : 0;
    }
    for (String row : rows(bac)) {
      long ms = Long.parseLong(row.split(",")[0]);
      expectedBac += ms >= 34_200_000L && ms < 36_000_000L ? 1 : 0;
    }

    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.LEAN, List.of(spy, bac), dir.resolve("open.session.gz"))
                .withWindow(TimeWindow.of("09:30", "10:00", null)));

    assertThat(report.tradesBySymbol())
        .containsEntry("SPY", expectedSpy)
        .containsEntry("BAC", expectedBac);
    assertThat(report.skippedByReason().get(Collector.OUTSIDE_WINDOW))
        .isEqualTo(250_601L + 88_172L - expectedSpy - expectedBac);
    List<SessionTrade> written = SharedData.readTrades(report.output());
    assertThat(written).hasSize((int) (expectedSpy + expectedBac));
    long previous = Long.MIN_VALUE;
    for (SessionTrade trade : written) {
      assertThat(trade.tick().timeMs()).isGreaterThanOrEqualTo(previous);
      previous = trade.tick().timeMs();
    }
    assertThat(written.get(0).tick().timeMs())
        .isGreaterThanOrEqualTo(
            ZonedDateTime.of(DAY, LocalTime.of(9, 30), NEW_YORK).toInstant().toEpochMilli());
  }

  @Test
  void should_share_frames_for_same_millisecond_trades_of_one_symbol_and_keep_them_all()
      throws Exception {
    Path aig = SharedData.file("lean-equity-ticks/aig_20131007_trade.zip");
    List<String> rows = rows(aig);
    ImportReport report =
        Importer.run(
            ImportConfig.of(ImportFormat.LEAN, List.of(aig), dir.resolve("aig.session.gz")));
    long distinctRuns = 0;
    long runLength = 0;
    String previous = null;
    for (String row : rows) {
      String ms = row.split(",")[0];
      if (!ms.equals(previous) || runLength == 50) {
        distinctRuns++;
        runLength = 0;
      }
      runLength++;
      previous = ms;
    }
    assertThat(report.frames()).isEqualTo(distinctRuns).isLessThan(rows.size());
    List<SessionTrade> written = SharedData.readTrades(report.output());
    assertThat(written).hasSize(rows.size());
    assertThat(written).allSatisfy(t -> assertThat(t.indexInFrame()).isLessThan(50));
  }

  @Test
  void should_tell_symbol_and_date_from_lean_names() {
    assertThat(LeanTickReader.symbolAndDate(Path.of("x/spy_20131007_trade.zip"), null))
        .containsExactly("SPY", "20131007");
    assertThat(LeanTickReader.symbolAndDate(Path.of("tick/bac/20131007_trade.zip"), null))
        .containsExactly("BAC", "20131007");
    assertThat(LeanTickReader.symbolAndDate(Path.of("ticks.zip"), "20131007_aig_Trade_Tick.csv"))
        .containsExactly("AIG", "20131007");
  }
}
