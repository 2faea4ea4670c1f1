package io.marketlab.importers;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders trades by receipt time and writes them as Finnhub trade frames. The sort is stable, so
 * trades received at the same µs keep their input order (file order, then line order). Consecutive
 * trades of one symbol with the same receipt time share a frame, up to the cap, as Finnhub batches.
 */
final class SessionAssembler {

  private SessionAssembler() {}

  static ImportReport write(ImportConfig config, Collector collected, Map<String, String> notes) {
    List<ImportedTrade> trades = collected.trades();
    if (trades.isEmpty()) {
      throw new ImportException(
          "no trades to write after filters (symbols "
              + config.symbols()
              + ", window "
              + config.window()
              + "); skipped: "
              + collected.skipped());
    }
    // List.sort is a stable merge sort: equal receipt times keep reading order.
    trades.sort(Comparator.comparingLong(ImportedTrade::receiptMicros));

    Map<String, Long> bySymbol = new TreeMap<>();
    for (ImportedTrade trade : trades) {
      bySymbol.merge(trade.tick().symbol(), 1L, Long::sum);
    }
    long startMicros = trades.get(0).receiptMicros();
    Instant start = Instant.ofEpochSecond(0, 0).plusNanos(Math.multiplyExact(startMicros, 1000L));
    SessionHeader header =
        new SessionHeader(
            config.name(),
            new ArrayList<>(bySymbol.keySet()),
            config.source(),
            config.provenance(),
            config.licence(),
            start,
            notes);

    Path output = config.output().toAbsolutePath();
    Path temporary = output.resolveSibling(output.getFileName() + ".partial");
    long frames;
    try (SessionWriter writer = SessionWriter.create(temporary, header)) {
      List<TradeTick> frame = new ArrayList<>(config.maxTradesPerFrame());
      ImportedTrade frameHead = null;
      for (ImportedTrade trade : trades) {
        boolean joins =
            frameHead != null
                && frame.size() < config.maxTradesPerFrame()
                && trade.receiptMicros() == frameHead.receiptMicros()
                && trade.tick().symbol().equals(frameHead.tick().symbol());
        if (!joins && frameHead != null) {
          writer.write(frameHead.receiptMicros() - startMicros, FinnhubCodec.tradeFrame(frame));
          frame.clear();
        }
        if (!joins) {
          frameHead = trade;
        }
        frame.add(trade.tick());
      }
      writer.write(frameHead.receiptMicros() - startMicros, FinnhubCodec.tradeFrame(frame));
      frames = writer.frameCount();
    }
    try {
      Files.move(
          temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + temporary + " to " + output, e);
    }
    ImportedTrade last = trades.get(trades.size() - 1);
    return new ImportReport(
        config.output(),
        start,
        last.receiptMicros() - startMicros,
        collected.lines(),
        frames,
        trades.size(),
        bySymbol,
        collected.skipped(),
        collected.examples(),
        trades.get(0).tick(),
        last.tick());
  }
}
