package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.importers.CsvMapping.TimeUnit;
import io.marketlab.model.finnhub.TradeTick;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer holds a bounded number of trades (issue 13: it held every trade of every input) and
 * writes the same bytes as the whole-input sort did.
 */
class StreamingImportTest {

  @TempDir Path dir;

  @Test
  void should_sort_stably_through_run_files_with_a_bounded_buffer() throws Exception {
    Random random = new Random(13);
    List<ImportedTrade> input = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      // Few distinct receipt times, so ties are common; the volume records the input position.
      long receipt = 1_000_000L + random.nextInt(5_000);
      input.add(
          new ImportedTrade(
              receipt,
              new TradeTick(
                  i % 3 == 0 ? "SPY" : "BINANCE:BTCUSDT",
                  1 + random.nextInt(1000) / 100.0,
                  i,
                  receipt / 1000,
                  i % 5 == 0 ? List.of("@", "T") : List.of())));
    }
    List<ImportedTrade> expected = new ArrayList<>(input);
    expected.sort(Comparator.comparingLong(ImportedTrade::receiptMicros));

    List<ImportedTrade> sorted = new ArrayList<>();
    Path spill;
    try (SortedTrades trades = new SortedTrades(dir, 1_000)) {
      for (ImportedTrade trade : input) {
        trades.add(trade);
      }
      assertThat(trades.peakInMemory()).isEqualTo(1_000);
      Iterator<ImportedTrade> it = trades.sorted();
      // 100 runs, over the fan-in of 64: merged in two levels.
      assertThat(trades.runs()).isEqualTo(100);
      while (it.hasNext()) {
        sorted.add(it.next());
      }
      try (var files = Files.list(dir)) {
        spill = files.findFirst().orElseThrow();
      }
    }
    assertThat(sorted).isEqualTo(expected);
    assertThat(spill).doesNotExist();
  }

  @Test
  void should_write_the_same_session_whether_it_sorts_in_memory_or_through_runs() throws Exception {
    StringBuilder csv = new StringBuilder("symbol,price,qty,time,c\n");
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      csv.append(random.nextBoolean() ? "BTCUSDT" : "ETHUSDT")
          .append(',')
          .append(60_000 + random.nextInt(2000))
          .append('.')
          .append(random.nextInt(100))
          .append(",0.")
          .append(random.nextInt(1000) + 1)
          .append(',')
          .append(1723161255000L + random.nextInt(3000))
          .append(',')
          .append(i % 7 == 0 ? "x|y" : "")
          .append('\n');
    }
    Path input = dir.resolve("trades.csv");
    Files.writeString(input, csv);
    CsvMapping mapping =
        new CsvMapping(
            "symbol", null, "price", "qty", "time", "c", TimeUnit.MS, ZoneOffset.UTC, 1, ',', true);

    ImportReport inMemory =
        Importer.run(
            ImportConfig.of(ImportFormat.CSV, List.of(input), dir.resolve("a.session.gz"))
                .withCsvMapping(mapping)
                .withName("same"),
            Integer.MAX_VALUE);
    ImportReport throughRuns =
        Importer.run(
            ImportConfig.of(ImportFormat.CSV, List.of(input), dir.resolve("b.session.gz"))
                .withCsvMapping(mapping)
                .withName("same"),
            97);

    assertThat(Files.readAllBytes(throughRuns.output()))
        .isEqualTo(Files.readAllBytes(inMemory.output()));
    assertThat(throughRuns.trades()).isEqualTo(20_000);
    assertThat(throughRuns.firstTrade()).isEqualTo(inMemory.firstTrade());
    assertThat(throughRuns.lastTrade()).isEqualTo(inMemory.lastTrade());
    try (var files = Files.list(dir)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("trades.csv", "a.session.gz", "b.session.gz");
    }
  }

  @Test
  void should_write_the_real_captures_the_same_through_runs() throws Exception {
    List<Path> captures = new ArrayList<>();
    for (String name :
        List.of(
            "btcusdt_20240808.gz",
            "btcusdt_20240809.gz",
            "ethusdt_20240808.gz",
            "ethusdt_20240809.gz")) {
      captures.add(SharedData.file("binance-spot/" + name));
    }
    ImportReport inMemory =
        Importer.run(
            ImportConfig.of(ImportFormat.BINANCE_CAPTURE, captures, dir.resolve("a.session.gz"))
                .withName("same"),
            Integer.MAX_VALUE);
    ImportReport throughRuns =
        Importer.run(
            ImportConfig.of(ImportFormat.BINANCE_CAPTURE, captures, dir.resolve("b.session.gz"))
                .withName("same"),
            1_000);
    assertThat(Files.readAllBytes(throughRuns.output()))
        .isEqualTo(Files.readAllBytes(inMemory.output()));
    assertThat(throughRuns.trades()).isEqualTo(34_419);
  }
}
