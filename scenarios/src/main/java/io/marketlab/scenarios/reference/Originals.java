package io.marketlab.scenarios.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The trades of a scenario's original public files, read by the reference itself (its own parsers,
 * sharing no code with the importers or the session format), in the order a session imported from
 * them replays them.
 *
 * <p>The contract it re-implements, from the import and replay path: every trade of every file is
 * kept unless it breaks Finnhub's value rules (the importer drops those, they never reach the
 * ingest), or a symbol filter or time window of the scenario leaves it out; the session delivers
 * trades ordered by receipt time (capture time for websocket captures, trade time otherwise), ties
 * in file order then line order.
 */
public final class Originals {

  /**
   * What to read: a scenario's {@code session.import}.
   *
   * @param format {@code binance-capture}, {@code binance-csv}, {@code lean} or {@code csv}
   * @param symbols keep only these (exact, or the part after {@code :}, any case); empty = all
   * @param from first trade time kept (a time of day in {@code zone}, or an ISO instant); null =
   *     open
   * @param to first trade time no longer kept, likewise
   */
  public record Inputs(
      String format, List<Path> files, Set<String> symbols, String from, String to, ZoneId zone) {}

  /** Receives what a format reader finds in one file. */
  interface Sink {
    void trade(OriginalTrade trade);

    /** A line that holds no trade, by reason (e.g. "not a trade: @depth@100ms"). */
    void skip(String reason);
  }

  /** Reads one text stream of a file; {@code entry} is the zip entry's name, null otherwise. */
  interface LineReader {
    void read(String name, String entry, OriginalLines lines) throws IOException;
  }

  private static final String INVALID = "invalid trade: ";
  private static final String NOT_SELECTED = "symbol not selected";
  private static final String OUTSIDE_WINDOW = "outside the time window";

  private final List<OriginalTrade> trades;
  private final Map<Path, Long> tradesPerFile;
  private final Map<String, Long> skipped;
  private final List<String> warnings;

  private Originals(
      List<OriginalTrade> trades,
      Map<Path, Long> tradesPerFile,
      Map<String, Long> skipped,
      List<String> warnings) {
    this.trades = trades;
    this.tradesPerFile = tradesPerFile;
    this.skipped = skipped;
    this.warnings = warnings;
  }

  public static Originals read(Inputs inputs) {
    Map<Path, Long> perFile = new LinkedHashMap<>();
    Map<String, Long> skipped = new TreeMap<>();
    List<OriginalTrade> all = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Path file : inputs.files()) {
      long before = all.size();
      Sink sink =
          new Sink() {
            @Override
            public void trade(OriginalTrade trade) {
              all.add(trade);
            }

            @Override
            public void skip(String reason) {
              skipped.merge(reason, 1L, Long::sum);
            }
          };
      switch (inputs.format()) {
        case "binance-capture" -> BinanceCaptureOriginal.read(file, sink, warnings);
        case "binance-csv" -> BinanceCsvOriginal.read(file, sink, warnings);
        case "lean" -> LeanTickOriginal.read(file, sink, warnings);
        case "csv" ->
            throw new IllegalArgumentException(
                "format csv needs a column mapping, which scenario files cannot give");
        default ->
            throw new IllegalArgumentException(
                "the reference cannot read format " + inputs.format());
      }
      perFile.put(file, all.size() - before);
    }
    Set<String> wanted = upperCase(inputs.symbols());
    ZoneId zone = inputs.zone() == null ? ZoneId.of("America/New_York") : inputs.zone();
    Object from = bound(inputs.from());
    Object to = bound(inputs.to());
    long maxTimeMs = System.currentTimeMillis() + 86_400_000L;
    List<OriginalTrade> kept = new ArrayList<>();
    for (OriginalTrade trade : all) {
      String problem =
          ReferenceCalculator.invalid(
              trade.symbol(), trade.price(), trade.volume(), trade.timeMs(), maxTimeMs);
      if (problem != null) {
        skipped.merge(INVALID + problem, 1L, Long::sum);
      } else if (!selected(wanted, trade.symbol())) {
        skipped.merge(NOT_SELECTED, 1L, Long::sum);
      } else if (!inWindow(trade.timeMs(), from, to, zone)) {
        skipped.merge(OUTSIDE_WINDOW, 1L, Long::sum);
      } else {
        kept.add(trade);
      }
    }
    // List.sort is stable: trades received in the same µs keep file order, then line order.
    kept.sort(Comparator.comparingLong(OriginalTrade::receiptMicros));
    return new Originals(
        Collections.unmodifiableList(kept),
        Collections.unmodifiableMap(perFile),
        Collections.unmodifiableMap(skipped),
        List.copyOf(warnings));
  }

  /** Inputs read only up to damage (a truncated gzip), each naming where. */
  public List<String> warnings() {
    return warnings;
  }

  /** The trades the replayed session carries, in its order. */
  public List<OriginalTrade> trades() {
    return trades;
  }

  /** Trades read from each file, before the symbol filter and the time window. */
  public Map<Path, Long> tradesPerFile() {
    return tradesPerFile;
  }

  /** Lines and trades that do not reach the session, by reason. */
  public Map<String, Long> skipped() {
    return skipped;
  }

  /** {@code btcusdt_20240808.gz 9,757, btcusdt_20240809.gz 10,147}. */
  public String describeFiles() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Path, Long> entry : tradesPerFile.entrySet()) {
      parts.add(
          String.format(Locale.ROOT, "%s %,d", entry.getKey().getFileName(), entry.getValue()));
    }
    return String.join(", ", parts);
  }

  /**
   * Trades read but not in the session, by reason ({@code outside the time window 333,719}); empty
   * when none.
   */
  public String describeDropped() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Long> entry : skipped.entrySet()) {
      if (entry.getKey().startsWith(INVALID)
          || entry.getKey().equals(NOT_SELECTED)
          || entry.getKey().equals(OUTSIDE_WINDOW)) {
        parts.add(String.format(Locale.ROOT, "%s %,d", entry.getKey(), entry.getValue()));
      }
    }
    return String.join(", ", parts);
  }

  /**
   * Opens a plain, gzip ({@code .gz}) or zip ({@code .zip}: every file entry) input as lines
   * ({@link OriginalLines}: strict UTF-8, bounded lines, a damaged gzip read up to the damage,
   * which goes to {@code warnings}).
   */
  static void lines(Path file, LineReader reader, List<String> warnings) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".zip")) {
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
          Enumeration<? extends ZipEntry> entries = zip.entries();
          while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (!entry.isDirectory()) {
              try (InputStream in = zip.getInputStream(entry)) {
                String where = file.getFileName() + "!" + entry.getName();
                reader.read(where, entry.getName(), new OriginalLines(where, in, null));
              }
            }
          }
        }
      } else if (name.endsWith(".gz")) {
        try (CountedGzip in = new CountedGzip(Files.newInputStream(file))) {
          OriginalLines lines = new OriginalLines(file.getFileName().toString(), in, in);
          reader.read(file.getFileName().toString(), null, lines);
          if (lines.damage() != null) {
            warnings.add(lines.damage());
          }
        }
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          reader.read(
              file.getFileName().toString(),
              null,
              new OriginalLines(file.getFileName().toString(), in, null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the reference cannot read " + file, e);
    }
  }

  /**
   * A gzip stream that knows the compressed offset it reached. A gzip cut inside its header holds
   * no line: it reads as empty, damaged at the bytes there are.
   */
  private static final class CountedGzip extends InputStream implements OriginalLines.Offset {
    private final InputStream file;
    private long count;
    private GZIPInputStream gzip;

    CountedGzip(InputStream file) {
      this.file =
          new java.io.FilterInputStream(file) {
            @Override
            public int read() throws IOException {
              int b = super.read();
              count += b >= 0 ? 1 : 0;
              return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              count += Math.max(n, 0);
              return n;
            }
          };
    }

    private GZIPInputStream gzip() throws IOException {
      if (gzip == null) {
        gzip =
            new GZIPInputStream(file, 1 << 16) {
              {
                inflaterOf = inf;
              }
            };
      }
      return gzip;
    }

    private java.util.zip.Inflater inflaterOf;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return gzip().read(b, off, len);
    }

    @Override
    public long compressedOffset() {
      return inflaterOf == null ? count : count - inflaterOf.getRemaining();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  private static Set<String> upperCase(Set<String> symbols) {
    Set<String> result = new java.util.HashSet<>();
    for (String symbol : symbols == null ? Set.<String>of() : symbols) {
      result.add(symbol.trim().toUpperCase(Locale.ROOT));
    }
    return result;
  }

  private static boolean selected(Set<String> wanted, String symbol) {
    if (wanted.isEmpty()) {
      return true;
    }
    String upper = symbol.toUpperCase(Locale.ROOT);
    int colon = upper.indexOf(':');
    return wanted.contains(upper) || (colon >= 0 && wanted.contains(upper.substring(colon + 1)));
  }

  /** An {@link Instant} ({@code 2024-08-08T23:57:00Z}), a {@link LocalTime}, or null. */
  private static Object bound(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String trimmed = text.trim();
    return trimmed.contains("T") ? Instant.parse(trimmed) : LocalTime.parse(trimmed);
  }

  private static boolean inWindow(long timeMs, Object from, Object to, ZoneId zone) {
    return (from == null || compare(timeMs, from, zone) >= 0)
        && (to == null || compare(timeMs, to, zone) < 0);
  }

  private static int compare(long timeMs, Object bound, ZoneId zone) {
    if (bound instanceof Instant instant) {
      return Long.compare(timeMs, instant.toEpochMilli());
    }
    return Instant.ofEpochMilli(timeMs).atZone(zone).toLocalTime().compareTo((LocalTime) bound);
  }
}
