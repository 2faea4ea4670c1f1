package io.marketlab.tests;

import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.marketlab.config.SharedInputs;
import io.marketlab.importers.ImportConfig;
import io.marketlab.importers.ImportFormat;
import io.marketlab.importers.Importer;
import io.marketlab.importers.TimeWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real recorded data in ../shared/replay-data, used by path and never copied. */
final class SharedData {

  private SharedData() {}

  static Path replayData(Path projectRoot) {
    Path dir =
        Path.of(System.getProperty("lab.sharedDir", projectRoot.resolve("../shared").toString()))
            .resolve("replay-data")
            .normalize();
    SharedInputs.missing(dir)
        .ifPresent(
            line -> {
              if (SharedInputs.required()) {
                fail(line);
              }
            });
    assumeThat(Files.isDirectory(dir)).as("shared replay data at " + dir).isTrue();
    return dir;
  }

  /** BTC + ETH Binance websocket captures (2024-08-08/09, 34,419 trades) as one session. */
  static Path binanceSession(Path projectRoot, Path dir) {
    Path captures = replayData(projectRoot).resolve("binance-spot");
    Path session = dir.resolve("binance-btc-eth.session.gz");
    Importer.run(
        ImportConfig.of(
                ImportFormat.BINANCE_CAPTURE,
                List.of(
                    captures.resolve("btcusdt_20240808.gz"),
                        captures.resolve("btcusdt_20240809.gz"),
                    captures.resolve("ethusdt_20240808.gz"),
                        captures.resolve("ethusdt_20240809.gz")),
                session)
            .withName("binance-btc-eth"));
    return session;
  }

  /**
   * BTC + ETH from the 2024-08-08 captures, trade times in [23:54:00Z, 00:00:00Z): six and a half
   * minutes, long enough that a replay at 100 trades/s outlasts the browser tests' setup.
   */
  static Path binanceSixMinutes(Path projectRoot, Path dir) {
    return binanceWindow(projectRoot, dir, "binance-btc-eth-6min", "2024-08-09T00:00:00Z");
  }

  private static Path binanceWindow(Path projectRoot, Path dir, String name, String end) {
    Path captures = replayData(projectRoot).resolve("binance-spot");
    Path session = dir.resolve(name + ".session.gz");
    Importer.run(
        ImportConfig.of(
                ImportFormat.BINANCE_CAPTURE,
                List.of(
                    captures.resolve("btcusdt_20240808.gz"),
                    captures.resolve("ethusdt_20240808.gz")),
                session)
            .withName(name)
            .withWindow(TimeWindow.of("2024-08-08T23:54:00Z", end, null)));
    return session;
  }
}
