package io.marketlab.ingest.journal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Small files that are either the old version or the new one, never half of each: write a temp
 * file, fsync it, rename it over the old one, fsync the directory.
 */
final class AtomicFiles {

  private AtomicFiles() {}

  static void writeProperties(Path file, Properties properties, String comment) {
    StringWriter text = new StringWriter();
    try {
      properties.store(text, comment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The file's properties, or null when it does not exist. */
  static Properties readProperties(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties properties = new Properties();
    try {
      properties.load(
          new StringReader(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)));
    } catch (IOException | IllegalArgumentException e) {
      throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return properties;
  }

  static void write(Path file, byte[] content) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(file.getParent());
    } catch (IOException e) {
      throw new JournalException("cannot write " + file + ": " + e, e);
    }
  }

  /** Makes a rename or a new file in {@code dir} survive a power loss (where the OS allows it). */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic there.
    }
  }
}
