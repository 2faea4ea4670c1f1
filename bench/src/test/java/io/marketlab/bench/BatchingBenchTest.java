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
  void driver_cpu_should_be_the_median_over_the_batches_with_records() throws Exception {
    // the format of the processor's BatchWriter line
    Path log = dir.resolve("processor-x.log");
    String prefix =
        "2026-12-03T13:20:00.000Z INFO  [processor-x] io.marketlab.processor.BatchWriter";
    Files.writeString(
        log,
        prefix
            + " - batch 0: 100 records, 100 trades (0 price updates, 0 late), 0 dead letters, 5"
            + " candles written, 0 finalized, offsets p0:[0..99], 700 ms; driver cpu 9.0 ms in the"
            + " batch\n"
            + prefix
            + " - batch 1: 100 records, 100 trades (0 price updates, 0 late), 0 dead letters, 5"
            + " candles written, 0 finalized, offsets p0:[100..199], 600 ms; driver cpu 3.0 ms in"
            + " the batch, 5.5 ms before it\n"
            + prefix
            + " - batch 2: 50 records, 50 trades (0 price updates, 0 late), 0 dead letters, 5"
            + " candles written, 0 finalized, offsets p0:[200..249], 600 ms; driver cpu 4.0 ms in"
            + " the batch, 6.5 ms before it\n"
            + prefix
            + " - batch 3: 0 records, 0 trades (0 price updates, 0 late), 0 dead letters, 0"
            + " candles written, 0 finalized, offsets , 10 ms; driver cpu 1.0 ms in the batch\n");

    BatchingBench.DriverCpu cpu = BatchingBench.driverCpu(log);

    assertThat(cpu.batches()).isEqualTo(3);
    assertThat(cpu.recordsPerBatch())
        .isCloseTo(250 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(cpu.inBatchMs()).isEqualTo(4.0);
    assertThat(cpu.beforeMs()).isEqualTo(6.0);
    assertThat(BatchingBench.driverCpu(dir.resolve("missing.log")).batches()).isZero();
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
