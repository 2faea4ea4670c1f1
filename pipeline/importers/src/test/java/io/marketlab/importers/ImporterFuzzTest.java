package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes every importer through {@link Importer#run}, the path {@code lab import} takes.
 *
 * <p>An input is one options line, then the content of one input file:
 *
 * <pre>
 * binance-csv gz strict            format (binance-capture, binance-csv, lean, csv), then any of
 * 1,61837.63,0.001,...             gz | zip (the content is compressed so), strict, and for csv
 *                                  s | ms | us | ns | iso (time unit) and noheader
 * </pre>
 *
 * Properties: the import either writes a session or fails with an {@link ImportException} that
 * names the input file (or says no trade was left), or an {@link UncheckedIOException} naming it;
 * in a strict import a line error names a line of the file. A written session accounts for every
 * line (lines read = number of lines in the content = trades + skipped, the {@link ImportReport}
 * contract), and reads back through {@link SessionReader} and {@link FinnhubCodec} as exactly the
 * reported trades, every one accepted, per symbol as reported.
 *
 * <p>Seeds: {@code src/test/resources/io/marketlab/importers/ImporterFuzzTestInputs/importAny/}.
 */
class ImporterFuzzTest {

  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("import-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DIR.toFile().deleteOnExit();
  }

  /** What the options line asked for. */
  record Options(
      ImportFormat format,
      String container,
      boolean strict,
      CsvMapping.TimeUnit unit,
      boolean header) {

    static Options parse(String line, byte first) {
      List<String> tokens = Arrays.asList(line.trim().split("\\s+"));
      ImportFormat format = ImportFormat.values()[(first & 0xff) % ImportFormat.values().length];
      for (ImportFormat candidate : ImportFormat.values()) {
        if (tokens.contains(candidate.cliName())) {
          format = candidate;
        }
      }
      String container = tokens.contains("zip") ? "zip" : tokens.contains("gz") ? "gz" : "";
      CsvMapping.TimeUnit unit = CsvMapping.TimeUnit.MS;
      for (CsvMapping.TimeUnit candidate : CsvMapping.TimeUnit.values()) {
        if (tokens.contains(candidate.name().toLowerCase(java.util.Locale.ROOT))) {
          unit = candidate;
        }
      }
      return new Options(
          format, container, tokens.contains("strict"), unit, !tokens.contains("noheader"));
    }

    /** A name each format reads its symbol (and date) from. */
    String fileName() {
      String base =
          switch (format) {
            case BINANCE_CAPTURE -> "capture.txt";
            case BINANCE_CSV -> "BTCUSDT-trades-2024-08-08.csv";
            case LEAN -> "spy_20131007_trade.csv";
            case CSV -> "trades.csv";
          };
      return switch (container) {
        case "gz" -> base + ".gz";
        case "zip" -> base.replaceFirst("\\.(csv|txt)$", ".zip");
        default -> base;
      };
    }

    CsvMapping mapping() {
      return header
          ? new CsvMapping(
              "symbol", null, "price", "volume", "time", "conditions", unit, null, 1.0, ',', true)
          : new CsvMapping("0", null, "1", "2", "3", "4", unit, null, 1.0, ',', false);
    }
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "binance-capture",
    "binance-csv",
    "lean",
    "csv",
    " gz",
    " zip",
    " strict",
    " iso",
    " noheader",
    "{\"stream\":\"btcusdt@trade\",\"data\":{",
    "\"s\":\"BTCUSDT\"",
    "\"p\":\"61837.63\"",
    "\"q\":\"0.001\"",
    "\"T\":1723161254087",
    "@bookTicker",
    "lastUpdateId",
    "symbol,price,volume,time,conditions",
    "1723161254087",
    "2024-08-08T23:54:14.087Z",
    "1e5",
    "0x1p3",
    "NaN",
    "Infinity"
  })
  void importAny(byte[] input) throws IOException {
    int newline = indexOf(input, (byte) '\n');
    String optionsLine =
        new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
    byte[] content =
        newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);
    Options options = Options.parse(optionsLine, input.length == 0 ? 0 : input[0]);

    Path file = DIR.resolve(options.fileName());
    Files.write(file, packed(content, options));
    Path output = DIR.resolve("out.session.gz");
    ImportConfig config =
        ImportConfig.of(options.format(), List.of(file), output).withStrict(options.strict());
    if (options.format() == ImportFormat.CSV) {
      config = config.withCsvMapping(options.mapping());
    }

    ImportReport report;
    try {
      report = Importer.run(config);
    } catch (ImportException e) {
      checkImportError(e, file, content, options);
      return;
    } catch (UncheckedIOException e) {
      assertThat(e.getMessage()).as("an unreadable input is named").contains(file.toString());
      return;
    }
    checkSession(report, output, content);
  }

  private static void checkImportError(
      ImportException e, Path file, byte[] content, Options options) throws IOException {
    String message = e.getMessage();
    if (message.startsWith("no trades to write")) {
      return;
    }
    assertThat(message).as("an import error names its file").startsWith(file.toString());
    java.util.regex.Matcher line =
        java.util.regex.Pattern.compile("(?s)(?:![^:]*)?:(\\d+): .*")
            .matcher(message.substring(file.toString().length()));
    if (options.strict() && line.matches()) {
      assertThat(Long.parseLong(line.group(1)))
          .as("the line named by '%s'", message)
          .isBetween(1L, Math.max(1L, lines(content)));
    }
  }

  private static void checkSession(ImportReport report, Path output, byte[] content)
      throws IOException {
    long skipped = 0;
    for (long count : report.skippedByReason().values()) {
      skipped += count;
    }
    assertThat(report.linesRead()).as("lines read = lines of the input").isEqualTo(lines(content));
    assertThat(report.linesRead())
        .as("lines read = trades + skipped %s", report.skippedByReason())
        .isEqualTo(report.trades() + skipped);

    Map<String, Long> bySymbol = new TreeMap<>();
    long trades = 0;
    try (SessionReader reader = SessionReader.open(output)) {
      assertThat(reader.header().symbols())
          .containsExactlyElementsOf(report.tradesBySymbol().keySet());
      for (SessionFrame frame = reader.readFrame(); frame != null; frame = reader.readFrame()) {
        FinnhubMessage message = FinnhubCodec.parse(frame.text());
        assertThat(message).as("frame %s", frame.text()).isInstanceOf(FinnhubMessage.Trades.class);
        FinnhubMessage.Trades decoded = (FinnhubMessage.Trades) message;
        assertThat(decoded.rejected()).as("rejected in %s", frame.text()).isEmpty();
        for (TradeTick tick : decoded.valid()) {
          bySymbol.merge(tick.symbol(), 1L, Long::sum);
          trades++;
        }
      }
    }
    assertThat(trades).isEqualTo(report.trades());
    assertThat(bySymbol).isEqualTo(report.tradesBySymbol());
  }

  private static byte[] packed(byte[] content, Options options) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    switch (options.container()) {
      case "gz" -> {
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
          gzip.write(content);
        }
      }
      case "zip" -> {
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
          String entry =
              options.format() == ImportFormat.LEAN
                  ? "20131007_spy_Trade_Tick.csv"
                  : options.fileName().replaceFirst("\\.zip$", ".csv");
          zip.putNextEntry(new ZipEntry(entry));
          zip.write(content);
          zip.closeEntry();
        }
      }
      default -> bytes.write(content);
    }
    return bytes.toByteArray();
  }

  /** Lines as the importers count them (BufferedReader over UTF-8). */
  private static long lines(byte[] content) throws IOException {
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new java.io.ByteArrayInputStream(content), StandardCharsets.UTF_8));
    long count = 0;
    while (reader.readLine() != null) {
      count++;
    }
    return count;
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
