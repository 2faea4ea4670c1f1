package io.marketlab.importers;

import io.marketlab.importers.CsvMapping.TimeUnit;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab import}: public trade data to a session file. Exit 0 on success, 1 on bad input. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Turn public trade data into a session file (every trade kept, merged in time order).",
      "Example: import --format binance-capture --out demo.session.gz ../shared/replay-data/binance-spot/*.gz",
      "         import --format lean --from 09:30 --to 10:00 --out spy.session.gz spy_20131007_trade.zip"
    })
public final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      required = true,
      description = "binance-capture | binance-csv | lean | csv")
  String format;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "input files (plain, .gz or .zip), read in this order")
  List<Path> inputs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "session file to write (NAME.session.gz)")
  Path out;

  @Option(names = "--name", description = "session name (default: from --out)")
  String name;

  @Option(
      names = "--symbols",
      split = ",",
      description = "keep only these symbols (BINANCE:BTCUSDT or BTCUSDT; default: every symbol)")
  List<String> symbols;

  @Option(
      names = "--from",
      description =
          "keep trades from this trade time: HH:mm[:ss] in --window-zone, or an ISO instant (default: from the first trade)")
  String from;

  @Option(
      names = "--to",
      description =
          "keep trades before this trade time (same forms as --from; default: to the last trade)")
  String to;

  @Option(
      names = "--window-zone",
      defaultValue = "America/New_York",
      description = "zone of --from/--to times of day (default: ${DEFAULT-VALUE})")
  String windowZone;

  @Option(
      names = "--symbol",
      description = "symbol for binance-csv/lean (default: from the file name) or every csv row")
  String symbol;

  @Option(names = "--source", description = "header source (default: the format)")
  String source;

  @Option(
      names = "--provenance",
      description = "header provenance: where the data comes from (default: the input file names)")
  String provenance;

  @Option(names = "--licence", description = "header licence of the data (default: unknown)")
  String licence;

  @Option(names = "--strict", description = "fail on the first broken line instead of counting it")
  boolean strict;

  @Option(
      names = "--max-trades-per-frame",
      defaultValue = "50",
      description =
          "at most this many trades in one frame, as Finnhub sends (default: ${DEFAULT-VALUE})")
  int maxTradesPerFrame;

  @Option(
      names = "--symbol-column",
      description =
          "csv: column (header name or 0-based index) of the symbol; required unless --symbol")
  String symbolColumn;

  @Option(names = "--price-column", description = "csv: price column (required with --format csv)")
  String priceColumn;

  @Option(
      names = "--volume-column",
      description = "csv: volume column (required with --format csv)")
  String volumeColumn;

  @Option(
      names = "--time-column",
      description = "csv: trade time column (required with --format csv)")
  String timeColumn;

  @Option(
      names = "--conditions-column",
      description = "csv: conditions column, values separated by | (default: none)")
  String conditionsColumn;

  @Option(
      names = "--time-unit",
      defaultValue = "ms",
      description = "csv: s | ms | us | ns | iso (default: ${DEFAULT-VALUE})")
  String timeUnit;

  @Option(
      names = "--zone",
      defaultValue = "UTC",
      description = "csv: zone of ISO times without offset (default: ${DEFAULT-VALUE})")
  String zone;

  @Option(
      names = "--price-scale",
      defaultValue = "1",
      description = "csv: divide prices by this (default: ${DEFAULT-VALUE})")
  double priceScale;

  @Option(
      names = "--delimiter",
      defaultValue = ",",
      description = "csv: field separator, one character or 'tab' (default: ${DEFAULT-VALUE})")
  String delimiter;

  @Option(names = "--no-header", description = "csv: line 1 is data, columns are 0-based indexes")
  boolean noHeader;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    try {
      ImportReport report = Importer.run(config(err));
      outWriter.print(report.describe());
      outWriter.flush();
      return 0;
    } catch (ImportException | UncheckedIOException | DateTimeException e) {
      err.println("import: error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  ImportConfig config(PrintWriter err) {
    ImportFormat importFormat = ImportFormat.fromCliName(format);
    ImportConfig config =
        ImportConfig.of(importFormat, inputs, out)
            .withName(name)
            .withSymbols(symbols == null ? null : new LinkedHashSet<>(symbols))
            .withWindow(TimeWindow.of(from, to, ZoneId.of(windowZone)))
            .withSymbolOverride(symbol)
            .withProvenance(source, provenance, licence)
            .withStrict(strict)
            .withMaxTradesPerFrame(maxTradesPerFrame)
            .withProgress(
                line -> {
                  err.println("import: " + line);
                  err.flush();
                });
    if (importFormat == ImportFormat.CSV) {
      config = config.withCsvMapping(csvMapping());
    }
    return config;
  }

  private CsvMapping csvMapping() {
    if (priceColumn == null || volumeColumn == null || timeColumn == null) {
      throw new ImportException(
          "format csv needs --price-column, --volume-column and --time-column");
    }
    TimeUnit unit;
    try {
      unit = TimeUnit.valueOf(timeUnit.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ImportException("--time-unit '" + timeUnit + "': use s, ms, us, ns or iso");
    }
    String separator =
        delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
    if (separator.length() != 1) {
      throw new ImportException("--delimiter '" + delimiter + "' must be one character");
    }
    return new CsvMapping(
        symbolColumn,
        symbol,
        priceColumn,
        volumeColumn,
        timeColumn,
        conditionsColumn,
        unit,
        ZoneId.of(zone),
        priceScale,
        separator.charAt(0),
        !noHeader);
  }

  /** Runs the command on its own, for development: {@code java ... ImportCommand --format ...}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ImportCommand()).execute(args));
  }
}
