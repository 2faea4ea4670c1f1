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
   * BTC + ETH from the 2024-08-08 captures, trade times in [23:54:00Z, 23:57:15Z): the window of
   * the shipped btc-eth-demo session (6,018 trades over 3 minutes), made from the originals.
   */
  static Path binanceThreeMinutes(Path projectRoot, Path dir) {
    Path captures = replayData(projectRoot).resolve("binance-spot");
    Path session = dir.resolve("binance-btc-eth-3min.session.gz");
    Importer.run(
        ImportConfig.of(
                ImportFormat.BINANCE_CAPTURE,
                List.of(
                    captures.resolve("btcusdt_20240808.gz"),
                    captures.resolve("ethusdt_20240808.gz")),
                session)
            .withName("binance-btc-eth-3min")
            .withWindow(TimeWindow.of("2024-08-08T23:54:00Z", "2024-08-08T23:57:15Z", null)));
    return session;
  }
}
