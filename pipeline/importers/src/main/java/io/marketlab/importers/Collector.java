package io.marketlab.importers;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers trades from all inputs in reading order, applying the symbol and time filters, and counts
 * every line that did not become a trade by reason, so the report accounts for every line. The
 * trades go to a {@link SortedTrades}, which holds a bounded number of them in memory.
 */
final class Collector implements TradeSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

  static final String SYMBOL_NOT_SELECTED = "symbol not selected";
  static final String OUTSIDE_WINDOW = "outside time window";
  private static final int EXAMPLES_PER_REASON = 3;
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

  private final ImportConfig config;
  private final FinnhubCodec codec;
  private final Set<String> wanted;
  private final SortedTrades trades;
  private final Map<String, Long> bySymbol = new TreeMap<>();
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> examples = new ArrayList<>();
  private final Map<String, Integer> examplesPerReason = new LinkedHashMap<>();
  private long lines;
  private long lastProgress = System.nanoTime();

  Collector(ImportConfig config, int runTrades) {
    this.config = config;
    Path output = config.output().toAbsolutePath();
    this.trades = new SortedTrades(output.getParent(), runTrades);
    this.codec = new FinnhubCodec(FinnhubCodec.Config.DEFAULT.withClock(config.clock()));
    Set<String> normalized = new java.util.HashSet<>();
    for (String symbol : config.symbols()) {
      normalized.add(symbol.trim().toUpperCase(Locale.ROOT));
    }
    this.wanted = normalized;
  }

  @Override
  public void trade(long receiptMicros, TradeTick tick, String where) {
    Optional<String> problem = codec.check(tick);
    if (problem.isPresent()) {
      skip("invalid trade: " + problem.get(), true, where, tick.toString());
      return;
    }
    if (!selected(tick.symbol())) {
      skip(SYMBOL_NOT_SELECTED, false, where, tick.symbol());
      return;
    }
    if (!config.window().contains(tick.timeMs())) {
      skip(OUTSIDE_WINDOW, false, where, Long.toString(tick.timeMs()));
      return;
    }
    trades.add(new ImportedTrade(receiptMicros, tick));
    bySymbol.merge(tick.symbol(), 1L, Long::sum);
  }

  private boolean selected(String symbol) {
    if (wanted.isEmpty()) {
      return true;
    }
    String upper = symbol.toUpperCase(Locale.ROOT);
    if (wanted.contains(upper)) {
      return true;
    }
    int colon = upper.indexOf(':');
    return colon >= 0 && wanted.contains(upper.substring(colon + 1));
  }

  @Override
  public void skip(String reason, boolean bad, String where, String detail) {
    if (bad && config.strict()) {
      throw new ImportException(where + ": " + reason + (detail == null ? "" : ": " + detail));
    }
    skipped.merge(reason, 1L, Long::sum);
    int shown = examplesPerReason.getOrDefault(reason, 0);
    if (bad && shown < EXAMPLES_PER_REASON) {
      examplesPerReason.put(reason, shown + 1);
      String text =
          detail == null ? "" : detail.length() > 120 ? detail.substring(0, 120) + "..." : detail;
      examples.add(where + ": " + reason + (text.isEmpty() ? "" : ": " + text));
    }
  }

  @Override
  public void warn(String warning) {
    if (config.strict()) {
      throw new ImportException(warning);
    }
    LOG.warn(warning);
    warnings.add(warning);
    config.progress().accept("warning: " + warning);
  }

  @Override
  public void lineRead(String where) {
    lines++;
    if ((lines & 0x3FFF) == 0) {
      long now = System.nanoTime();
      if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
        lastProgress = now;
        config
            .progress()
            .accept(
                String.format(
                    Locale.ROOT,
                    "%s: %,d lines read, %,d trades kept",
                    where,
                    lines,
                    trades.size()));
      }
    }
  }

  SortedTrades trades() {
    return trades;
  }

  /** Trades kept per symbol (the session's symbols). */
  Map<String, Long> bySymbol() {
    return bySymbol;
  }

  List<String> warnings() {
    return warnings;
  }

  Map<String, Long> skipped() {
    return skipped;
  }

  List<String> examples() {
    return examples;
  }

  long lines() {
    return lines;
  }

  @Override
  public void close() {
    trades.close();
  }
}
