package io.marketlab.scenarios.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.scenarios.SharedReplayData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reference's own readers on the real files in ../shared/replay-data: the trade count of every
 * file is the one SOURCES.md states (counted there independently, from the public sources).
 */
class OriginalsSharedDataTest {

  /** {@code | btcusdt_20240808.gz | 9,757 | 5d26... |}. */
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*([\\w.]+\\.(?:gz|zip))\\s*\\|\\s*([\\d,]+)\\s*\\|.*$");

  private static Map<String, Long> sourcesCounts(Path dir) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("SOURCES.md"))) {
      Matcher row = ROW.matcher(line.trim());
      if (row.matches()) {
        counts.put(row.group(1), Long.parseLong(row.group(2).replace(",", "")));
      }
    }
    return counts;
  }

  private static Originals read(Path file) {
    String format = file.toString().endsWith(".zip") ? "lean" : "binance-capture";
    return Originals.read(
        new Originals.Inputs(
            format, List.of(file), Set.of(), null, null, ZoneId.of("America/New_York")));
  }

  @Test
  void every_file_should_hold_the_trade_count_sources_md_states() throws IOException {
    Path dir = SharedReplayData.dir();
    Map<String, Long> counts = sourcesCounts(dir);
    assertThat(counts)
        .as("SOURCES.md rows")
        .containsKeys(
            "btcusdt_20240808.gz",
            "btcusdt_20240809.gz",
            "ethusdt_20240808.gz",
            "ethusdt_20240809.gz",
            "spy_20131007_trade.zip",
            "bac_20131007_trade.zip",
            "aig_20131007_trade.zip");

    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      String folder = entry.getKey().endsWith(".gz") ? "binance-spot" : "lean-equity-ticks";
      Path file = dir.resolve(folder).resolve(entry.getKey());
      SharedReplayData.require(file);

      Originals originals = read(file);

      assertThat(originals.tradesPerFile().get(file))
          .as(
              "reference read %,d trades from %s; SOURCES.md says %,d",
              originals.tradesPerFile().get(file), entry.getKey(), entry.getValue())
          .isEqualTo(entry.getValue());
      assertThat(originals.trades())
          .as("%s: every trade kept", entry.getKey())
          .hasSize(entry.getValue().intValue());
    }
  }

  @Test
  void every_decimal_the_files_write_should_be_the_one_the_stored_double_prints_as()
      throws IOException {
    // What lets the reference sum the files' own decimals while the processor sums the decimals of
    // the doubles it carries (BigDecimal.valueOf): for this data they are the same numbers.
    Path dir = SharedReplayData.dir();
    List<String> different = new ArrayList<>();
    long checked = 0;
    for (String name : sourcesCounts(dir).keySet()) {
      Path file =
          dir.resolve(name.endsWith(".gz") ? "binance-spot" : "lean-equity-ticks").resolve(name);
      SharedReplayData.require(file);
      for (OriginalTrade trade : read(file).trades()) {
        checked++;
        if (BigDecimal.valueOf(trade.price()).compareTo(trade.exactPrice()) != 0
            || BigDecimal.valueOf(trade.volume()).compareTo(trade.exactVolume()) != 0) {
          different.add(
              trade.describe() + " is stored as " + trade.price() + " x " + trade.volume());
        }
      }
    }
    assertThat(checked).isPositive();
    assertThat(different).as("trades whose double prints as another decimal").isEmpty();
  }
}
