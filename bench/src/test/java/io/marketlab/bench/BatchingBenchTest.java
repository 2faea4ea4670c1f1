package io.marketlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.harness.StoredCandle;
import io.marketlab.harness.StoredTrade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lab bench batching: the processor's progress lines read, and two runs' tables compared. */
class BatchingBenchTest {

  @TempDir Path dir;

  @Test
  void driver_cpu_should_be_weighted_by_the_batches_of_each_progress_line() throws Exception {
    // the format of the processor's ProgressLog
    Path log = dir.resolve("processor-x.log");
    Files.writeString(
        log,
        """
        2026-12-03T13:20:00.000Z INFO  [processor-x] io.marketlab.processor.ProgressLog - query \
        processor-x: 10 batches, 1000 records in 10.0 s; mean ms per batch: addBatch 40; \
        driver stream thread cpu 12.0 ms per batch at 100 records per batch
        2026-12-03T13:20:10.000Z INFO  [processor-x] io.marketlab.processor.ProgressLog - query \
        processor-x: 30 batches, 3000 records in 10.0 s; mean ms per batch: addBatch 40; state \
        SymbolState: 2 rows, 0.1 MiB; driver stream thread cpu 8.0 ms per batch at 100 records \
        per batch
        2026-12-03T13:20:10.000Z INFO  [processor-x] io.marketlab.processor.ProgressLog - query \
        processor-x-gaps: 2 batches, 1 records in 10.0 s; mean ms per batch: addBatch 4
        """);

    double[] figures = BatchingBench.driverCpu(log).get("processor-x");

    assertThat(figures).containsExactly(40, 10 * 12.0 + 30 * 8.0, 4000);
    assertThat(BatchingBench.driverCpu(log)).containsOnlyKeys("processor-x");
  }

  @Test
  void candles_should_compare_every_field_but_updated_at() {
    StoredCandle a = candle(1.5, 10);
    StoredCandle laterUpdate = candle(1.5, 99);
    StoredCandle otherVwap = candle(1.5000000000000002, 10);

    assertThat(BatchingBench.sameCandles(List.of(a), List.of(laterUpdate))).startsWith("yes (1");
    assertThat(BatchingBench.sameCandles(List.of(a), List.of(otherVwap))).startsWith("no: ");
    assertThat(BatchingBench.sameCandles(List.of(a), List.of()))
        .isEqualTo("no: 1 candles against 0");
  }

  @Test
  void trades_should_compare_as_a_multiset_of_their_values() {
    StoredTrade one = new StoredTrade("S", 1.0, 2.0, 1000, List.of(), 5, 6);
    StoredTrade sameValuesOtherStamps = new StoredTrade("S", 1.0, 2.0, 1000, List.of(), 7, 8);
    StoredTrade other = new StoredTrade("S", 1.0, 3.0, 1000, List.of(), 5, 6);

    assertThat(BatchingBench.sameTrades(List.of(one, one), List.of(one, sameValuesOtherStamps)))
        .isEqualTo("yes (2 trades)");
    assertThat(BatchingBench.sameTrades(List.of(one, one), List.of(one)))
        .startsWith("no: ")
        .endsWith("only in the first run");
    assertThat(BatchingBench.sameTrades(List.of(one), List.of(other)))
        .endsWith("only in the second run");
  }

  private static StoredCandle candle(double vwap, long updatedAt) {
    return new StoredCandle(
        "S",
        "1s",
        1000,
        1,
        2,
        0.5,
        1.5,
        3,
        vwap,
        2,
        1000,
        1500,
        LocalDate.of(2024, 8, 8),
        true,
        updatedAt);
  }
}
