package io.marketlab.importers;

import io.marketlab.model.finnhub.TradeTick;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an import wrote and what it left out, so every input line is accounted for: lines read =
 * trades written + Σ skipped.
 *
 * @param output the session file
 * @param startTime the session's start time (receipt of the first frame)
 * @param durationMicros offset of the last frame
 * @param linesRead input lines read (all files)
 * @param frames frames written
 * @param trades trades written
 * @param tradesBySymbol trades written per symbol
 * @param skippedByReason lines that did not become a trade, by reason
 * @param skipExamples a few broken lines per reason, as {@code file:line: reason: text}
 * @param firstTrade first trade in the session
 * @param lastTrade last trade in the session
 * @param warnings inputs read only in part, each naming where it stopped (a damaged gzip)
 */
public record ImportReport(
    Path output,
    Instant startTime,
    long durationMicros,
    long linesRead,
    long frames,
    long trades,
    Map<String, Long> tradesBySymbol,
    Map<String, Long> skippedByReason,
    List<String> skipExamples,
    TradeTick firstTrade,
    TradeTick lastTrade,
    List<String> warnings) {

  public ImportReport {
    tradesBySymbol = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tradesBySymbol));
    skippedByReason =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skippedByReason));
    skipExamples = List.copyOf(skipExamples);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  long skipped() {
    long total = 0;
    for (long count : skippedByReason.values()) {
      total += count;
    }
    return total;
  }

  /** A few lines for a person. */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "wrote %s: %,d trades in %,d frames, %s from %s (%s)%n",
            output,
            trades,
            frames,
            tradesBySymbol.size() == 1 ? "1 symbol" : tradesBySymbol.size() + " symbols",
            startTime,
            Duration.ofNanos(durationMicros * 1000L)
                .toString()
                .substring(2)
                .toLowerCase(Locale.ROOT)));
    for (Map.Entry<String, Long> symbol : tradesBySymbol.entrySet()) {
      out.append(
          String.format(Locale.ROOT, "  %-24s %,12d trades%n", symbol.getKey(), symbol.getValue()));
    }
    out.append(String.format(Locale.ROOT, "read %,d lines; skipped %,d%n", linesRead, skipped()));
    for (Map.Entry<String, Long> reason : skippedByReason.entrySet()) {
      out.append(String.format(Locale.ROOT, "  %-48s %,12d%n", reason.getKey(), reason.getValue()));
    }
    for (String example : skipExamples) {
      out.append("  e.g. ").append(example).append(System.lineSeparator());
    }
    for (String warning : warnings) {
      out.append("warning: ").append(warning).append(System.lineSeparator());
    }
    out.append("first trade: ").append(firstTrade).append(System.lineSeparator());
    out.append("last trade:  ").append(lastTrade).append(System.lineSeparator());
    return out.toString();
  }
}
