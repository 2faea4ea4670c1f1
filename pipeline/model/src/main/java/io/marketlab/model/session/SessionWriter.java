package io.marketlab.model.session;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a session file (gzip text, see docs/CONTRACTS.md). Offsets must be non-decreasing: a
 * replay sends frames in file order, so an out-of-order offset would silently change timing. A
 * frame that is not Unicode text (an unpaired surrogate, which UTF-8 cannot carry) or too long for
 * the reader's line bound is refused rather than written as a line no reader accepts.
 */
public final class SessionWriter implements AutoCloseable {

  private static final int BUFFER_BYTES = 1 << 16;

  private final Path path;
  private final Writer out;
  private long lastOffset = 0;
  private long frames = 0;
  private boolean closed;

  private SessionWriter(Path path, Writer out) {
    this.path = path;
    this.out = out;
  }

  /** Creates (or replaces) {@code path} and writes the header line. */
  public static SessionWriter create(Path path, SessionHeader header) {
    Objects.requireNonNull(header, "header");
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      OutputStream file = Files.newOutputStream(path);
      Writer out =
          new BufferedWriter(
              new OutputStreamWriter(
                  new GZIPOutputStream(file, BUFFER_BYTES), StandardCharsets.UTF_8.newEncoder()),
              BUFFER_BYTES);
      SessionWriter writer = new SessionWriter(path, out);
      out.write(SessionFormat.headerLine(header));
      out.write('\n');
      return writer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create session file " + path, e);
    }
  }

  public void write(SessionFrame frame) {
    if (closed) {
      throw new IllegalStateException("session writer for " + path + " is closed");
    }
    if (frame.offsetMicros() < lastOffset) {
      throw new IllegalArgumentException(
          "session "
              + path
              + ": frame "
              + frames
              + " has offset "
              + frame.offsetMicros()
              + " µs, before the previous frame's "
              + lastOffset
              + " µs (offsets must be non-decreasing)");
    }
    String offset = Long.toString(frame.offsetMicros());
    String stored = SessionFormat.encodeText(frame.text());
    String problem = SessionFormat.unstorable(frame.text(), stored, offset.length() + 1);
    if (problem != null) {
      throw new IllegalArgumentException(
          "session " + path + ": frame " + frames + " (offset " + offset + " µs) " + problem);
    }
    try {
      out.write(offset);
      out.write(' ');
      out.write(stored);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to session file " + path, e);
    }
    lastOffset = frame.offsetMicros();
    frames++;
  }

  public void write(long offsetMicros, String text) {
    write(new SessionFrame(offsetMicros, text));
  }

  /** Frames written so far. */
  public long frameCount() {
    return frames;
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish session file " + path, e);
    }
  }
}
