package io.marketlab.importers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Opens an input as text whether it is plain, gzip ({@code .gz}) or zip (every file entry). */
final class TextInputs {

  /** Reads one text stream; {@code name} is the file (and entry) to cite in messages. */
  interface TextConsumer {
    void accept(String name, String entryName, BufferedReader reader) throws IOException;
  }

  private TextInputs() {}

  static void forEach(Path file, TextConsumer consumer) {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(file + ": no such file");
    }
    String fileName = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    try (InputStream raw = Files.newInputStream(file)) {
      if (fileName.endsWith(".zip")) {
        ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8);
        ZipEntry entry;
        boolean any = false;
        while ((entry = zip.getNextEntry()) != null) {
          if (entry.isDirectory()) {
            continue;
          }
          any = true;
          consumer.accept(file + "!" + entry.getName(), entry.getName(), reader(zip));
        }
        if (!any) {
          throw new ImportException(file + ": zip holds no file");
        }
      } else if (fileName.endsWith(".gz")) {
        consumer.accept(file.toString(), null, reader(new GZIPInputStream(raw, 1 << 16)));
      } else {
        consumer.accept(file.toString(), null, reader(raw));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
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
