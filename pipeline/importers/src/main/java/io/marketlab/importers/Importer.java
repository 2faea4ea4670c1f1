package io.marketlab.importers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns public trade data into one session file: {@code Importer.run(config)}. */
public final class Importer {

  private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

  private Importer() {}

  public static ImportReport run(ImportConfig config) {
    return run(config, SortedTrades.DEFAULT_RUN_TRADES);
  }

  /** {@link #run(ImportConfig)} holding at most {@code runTrades} trades in memory. */
  static ImportReport run(ImportConfig config, int runTrades) {
    if (config.format() == ImportFormat.CSV && config.csvMapping() == null) {
      throw new ImportException("format csv needs a column mapping (--price-column, ...)");
    }
    try (Collector collector = new Collector(config, runTrades)) {
      return run(config, collector);
    }
  }

  private static ImportReport run(ImportConfig config, Collector collector) {
    List<String> names = new ArrayList<>();
    for (Path input : config.inputs()) {
      names.add(input.getFileName().toString());
      config.progress().accept("reading " + input);
      switch (config.format()) {
        case BINANCE_CAPTURE -> BinanceCaptureReader.read(input, collector);
        case BINANCE_CSV -> BinanceTradeCsvReader.read(input, config.symbolOverride(), collector);
        case LEAN -> LeanTickReader.read(input, config.symbolOverride(), collector);
        case CSV -> GenericCsvReader.read(input, config.csvMapping(), collector);
      }
    }
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("importer", "market-lab import --format " + config.format().cliName());
    notes.put("inputs", String.join(",", names));
    if (!config.symbols().isEmpty()) {
      notes.put("symbols_filter", String.join(",", new java.util.TreeSet<>(config.symbols())));
    }
    if (!config.window().isAll()) {
      notes.put("window", config.window().toString());
    }
    notes.put(
        "receipt", config.format() == ImportFormat.BINANCE_CAPTURE ? "capture time" : "trade time");
    notes.put("trades", Long.toString(collector.trades().size()));
    if (!collector.warnings().isEmpty()) {
      notes.put("warnings", String.join("; ", collector.warnings()));
    }
    config
        .progress()
        .accept(
            String.format(
                java.util.Locale.ROOT,
                "read %,d lines, writing %,d trades to %s",
                collector.lines(),
                collector.trades().size(),
                config.output()));
    ImportReport report = SessionAssembler.write(config, collector, notes);
    LOG.info(
        "imported {} trades in {} frames into {}",
        report.trades(),
        report.frames(),
        report.output());
    return report;
  }
}
