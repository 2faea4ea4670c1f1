package io.marketlab.importers;

import io.marketlab.model.session.BadLineException;
import io.marketlab.model.session.GzipDamage;
import io.marketlab.model.session.TextLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Opens an input as lines whether it is plain, gzip ({@code .gz}) or zip (every file entry), in
 * bounded memory: strict UTF-8 (a line that is not is an {@link ImportException} naming file and
 * line), lines of at most {@value #MAX_LINE_BYTES} bytes (a longer one is a broken line, counted),
 * and a damaged gzip read up to the damage with a warning (an error under {@code --strict}).
 */
final class TextInputs {

  /** Longest input line: far above any trade line (the real captures' longest is 64 KB). */
  static final int MAX_LINE_BYTES = 1 << 20;

  static final String LINE_TOO_LONG = "malformed line: longer than 1 MiB";

  /** Reads the lines of one text stream; {@code name} is the file (and entry) to cite. */
  interface TextConsumer {
    void accept(String name, String entryName, Lines lines) throws IOException;
  }

  /** One input line: where it is ({@code file:line}), its number and its text. */
  interface LineHandler {
    void line(String where, long number, String text);
  }

  /** The lines of one text stream, handed to a format reader. */
  static final class Lines {
    private final String name;
    private final TextLines lines;
    private final TradeSink sink;

    Lines(String name, TextLines lines, TradeSink sink) {
      this.name = name;
      this.lines = lines;
      this.sink = sink;
    }

    /**
     * Hands every line to {@code handler}, counting each with {@link TradeSink#lineRead}; a line
     * over the bound is a counted broken line, a line that is not UTF-8 stops the import.
     */
    void each(LineHandler handler) {
      while (true) {
        String text;
        try {
          text = lines.readLine();
        } catch (BadLineException e) {
          String where = name + ":" + e.line();
          sink.lineRead(where);
          if (e.kind() == BadLineException.Kind.TOO_LONG) {
            sink.skip(LINE_TOO_LONG, true, where, null);
            continue;
          }
          throw new ImportException(e.getMessage(), e);
        }
        if (text == null) {
          return;
        }
        long number = lines.lineNumber();
        String where = name + ":" + number;
        sink.lineRead(where);
        handler.line(where, number, text);
      }
    }
  }

  private TextInputs() {}

  static void forEach(Path file, TradeSink sink, TextConsumer consumer) {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(file + ": no such file");
    }
    String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      if (fileName.endsWith(".zip")) {
        ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8);
        ZipEntry entry;
        boolean any = false;
        while ((entry = zip.getNextEntry()) != null) {
          if (entry.isDirectory()) {
            continue;
          }
          any = true;
          String name = file + "!" + entry.getName();
          TextLines lines = TextLines.plain(zip, name, MAX_LINE_BYTES);
          consumer.accept(name, entry.getName(), new Lines(name, lines, sink));
        }
        if (!any) {
          throw new ImportException(file + ": zip holds no file");
        }
      } else if (fileName.endsWith(".gz")) {
        TextLines lines = TextLines.gzip(raw, file.toString(), MAX_LINE_BYTES);
        consumer.accept(file.toString(), null, new Lines(file.toString(), lines, sink));
        lines.damage().ifPresent(damage -> damaged(damage, sink));
      } else {
        TextLines lines = TextLines.plain(raw, file.toString(), MAX_LINE_BYTES);
        consumer.accept(file.toString(), null, new Lines(file.toString(), lines, sink));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void damaged(GzipDamage damage, TradeSink sink) {
    sink.warn(damage.describe());
  }

  /**
   * Splits one delimited line; double quotes protect delimiters and {@code ""} is a quote. Enough
   * for exchange dumps, which rarely quote at all.
   */
  static String[] split(String line, char delimiter) {
    java.util.List<String> fields = new java.util.ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.toArray(new String[0]);
  }
}
