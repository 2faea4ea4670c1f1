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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes trades in receipt order as Finnhub trade frames. The order is stable ({@link
 * SortedTrades}), so trades received at the same µs keep their input order (file order, then line
 * order). Consecutive trades of one symbol with the same receipt time share a frame, up to the cap,
 * as Finnhub batches. One pass, one frame in memory.
 */
final class SessionAssembler {

  private SessionAssembler() {}

  static ImportReport write(ImportConfig config, Collector collected, Map<String, String> notes) {
    SortedTrades trades = collected.trades();
    if (trades.size() == 0) {
      throw new ImportException(
          "no trades to write after filters (symbols "
              + config.symbols()
              + ", window "
              + config.window()
              + "); skipped: "
              + collected.skipped());
    }
    Iterator<ImportedTrade> sorted = trades.sorted();
    ImportedTrade first = sorted.next();
    long startMicros = first.receiptMicros();
    Instant start = Instant.ofEpochSecond(0, 0).plusNanos(Math.multiplyExact(startMicros, 1000L));
    Map<String, Long> bySymbol = new TreeMap<>(collected.bySymbol());
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
    ImportedTrade last = first;
    try (SessionWriter writer = SessionWriter.create(temporary, header)) {
      List<TradeTick> frame = new ArrayList<>(config.maxTradesPerFrame());
      ImportedTrade frameHead = first;
      frame.add(first.tick());
      while (sorted.hasNext()) {
        ImportedTrade trade = sorted.next();
        last = trade;
        boolean joins =
            frame.size() < config.maxTradesPerFrame()
                && trade.receiptMicros() == frameHead.receiptMicros()
                && trade.tick().symbol().equals(frameHead.tick().symbol());
        if (!joins) {
          writer.write(frameHead.receiptMicros() - startMicros, FinnhubCodec.tradeFrame(frame));
          frame.clear();
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
        first.tick(),
        last.tick(),
        collected.warnings());
  }
}
