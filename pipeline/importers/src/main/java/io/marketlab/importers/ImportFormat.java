package io.marketlab.importers;

/** The input formats the importer reads; {@link #cliName()} is the {@code --format} value. */
public enum ImportFormat {
  /** Raw Binance websocket capture: gzip lines {@code <ns> <json>} (hftbacktest's format). */
  BINANCE_CAPTURE("binance-capture"),
  /**
   * Binance public trade dump: {@code id,price,qty,quote_qty,time,is_buyer_maker,is_best_match}.
   */
  BINANCE_CSV("binance-csv"),
  /** LEAN/AlgoSeek equity trade ticks: a zip of headerless CSV per symbol and day. */
  LEAN("lean"),
  /** Any delimited file, read through a {@link CsvMapping}. */
  CSV("csv");

  private final String cliName;

  ImportFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static ImportFormat fromCliName(String name) {
    for (ImportFormat format : values()) {
      if (format.cliName.equalsIgnoreCase(name) || format.name().equalsIgnoreCase(name)) {
        return format;
      }
    }
    throw new ImportException(
        "unknown format '" + name + "': use binance-capture, binance-csv, lean or csv");
  }
}
