package io.marketlab.importers;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything one import needs.
 *
 * @param format input format
 * @param inputs input files, read in this order (ties in time keep this order)
 * @param output session file to write (replaced if it exists; written to a temporary file first)
 * @param name session name for the header; default: the output file name without {@code
 *     .session.gz}
 * @param symbols keep only these symbols (exact, or the part after {@code :}, case-insensitive);
 *     empty = all
 * @param window keep only trades whose trade time is inside; default {@link TimeWindow#ALL}
 * @param symbolOverride symbol for binance-csv and lean inputs instead of the one in the file name
 * @param csvMapping column mapping, required for {@link ImportFormat#CSV}
 * @param source header {@code source}; default the format's name
 * @param provenance header {@code provenance}; default the input file names
 * @param licence header {@code licence}; default {@code "unknown"}
 * @param strict fail on the first broken line instead of skipping and counting it; default false
 * @param maxTradesPerFrame cap of trades in one frame; default 50 (what Finnhub sends at most)
 * @param clock "now" for the trade-time sanity bound; default system UTC
 * @param progress receives a progress line every few seconds; default none
 */
public record ImportConfig(
    ImportFormat format,
    List<Path> inputs,
    Path output,
    String name,
    Set<String> symbols,
    TimeWindow window,
    String symbolOverride,
    CsvMapping csvMapping,
    String source,
    String provenance,
    String licence,
    boolean strict,
    int maxTradesPerFrame,
    Clock clock,
    Consumer<String> progress) {

  static final int DEFAULT_MAX_TRADES_PER_FRAME = 50;

  public ImportConfig {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(output, "output");
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty()) {
      throw new ImportException("no input files given");
    }
    symbols = symbols == null ? Set.of() : Set.copyOf(symbols);
    window = window == null ? TimeWindow.ALL : window;
    if (name == null || name.isBlank()) {
      name = output.getFileName().toString().replaceFirst("(\\.session)?(\\.gz)?$", "");
    }
    source = source == null || source.isBlank() ? format.cliName() : source;
    if (provenance == null || provenance.isBlank()) {
      List<String> names = new java.util.ArrayList<>();
      for (Path input : inputs) {
        names.add(input.getFileName().toString());
      }
      provenance = "imported from " + String.join(", ", names);
    }
    licence = licence == null || licence.isBlank() ? "unknown" : licence;
    if (maxTradesPerFrame <= 0) {
      maxTradesPerFrame = DEFAULT_MAX_TRADES_PER_FRAME;
    }
    clock = clock == null ? Clock.systemUTC() : clock;
    progress = progress == null ? line -> {} : progress;
  }

  /** A config with defaults for everything but format, inputs and output. */
  public static ImportConfig of(ImportFormat format, List<Path> inputs, Path output) {
    return new ImportConfig(
        format, inputs, output, null, null, null, null, null, null, null, null, false, 0, null,
        null);
  }

  public ImportConfig withName(String value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        value,
        symbols,
        window,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        clock,
        progress);
  }

  public ImportConfig withSymbols(Set<String> value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        value,
        window,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        clock,
        progress);
  }

  public ImportConfig withWindow(TimeWindow value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        value,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        clock,
        progress);
  }

  ImportConfig withSymbolOverride(String value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        value,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        clock,
        progress);
  }

  ImportConfig withCsvMapping(CsvMapping value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        symbolOverride,
        value,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        clock,
        progress);
  }

  ImportConfig withProvenance(String newSource, String newProvenance, String newLicence) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        symbolOverride,
        csvMapping,
        newSource,
        newProvenance,
        newLicence,
        strict,
        maxTradesPerFrame,
        clock,
        progress);
  }

  ImportConfig withStrict(boolean value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        value,
        maxTradesPerFrame,
        clock,
        progress);
  }

  ImportConfig withMaxTradesPerFrame(int value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        value,
        clock,
        progress);
  }

  ImportConfig withClock(Clock value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        value,
        progress);
  }

  public ImportConfig withProgress(Consumer<String> value) {
    return new ImportConfig(
        format,
        inputs,
        output,
        name,
        symbols,
        window,
        symbolOverride,
        csvMapping,
        source,
        provenance,
        licence,
        strict,
        maxTradesPerFrame,
        clock,
        value);
  }
}
