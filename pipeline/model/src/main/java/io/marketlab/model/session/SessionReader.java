package io.marketlab.model.session;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a session file lazily, frame by frame, in bounded memory. Accepts gzip (the convention)
 * and, for files a person wrote by hand, plain text. Every format problem is a {@link
 * SessionFormatException} naming the file and the 1-based line: a line that is not UTF-8, a line
 * longer than {@link SessionFormat#MAX_LINE_BYTES}, a bad offset or escape.
 *
 * <p>A damaged gzip (a recording killed mid-write, a file cut short) is read up to the damage: the
 * frames before it are returned, the partial line at it is not, a warning names the compressed byte
 * offset and the frames read, and {@link #damage()} says the same.
 *
 * <p>The frames can be iterated once; {@link #stream()} and {@link #iterator()} share that pass.
 */
public final class SessionReader implements AutoCloseable, Iterable<SessionFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(SessionReader.class);

  private final Path path;
  private final TextLines in;
  private final SessionHeader header;
  private long line = 1;
  private long lastOffset = 0;
  private SessionFrame next;
  private boolean done;
  private boolean iterated;

  private SessionReader(Path path, TextLines in, SessionHeader header) {
    this.path = path;
    this.in = in;
    this.header = header;
  }

  /** Opens {@code path} and reads its header line. */
  public static SessionReader open(Path path) {
    TextLines in = null;
    try {
      InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      raw.mark(2);
      int b1 = raw.read();
      int b2 = raw.read();
      raw.reset();
      boolean gzip = b1 == 0x1f && b2 == 0x8b;
      String name = path.toString();
      in =
          gzip
              ? TextLines.gzip(raw, name, SessionFormat.MAX_LINE_BYTES)
              : TextLines.plain(raw, name, SessionFormat.MAX_LINE_BYTES);
      String first = readHeaderLine(in, path);
      if (first == null || !first.startsWith(SessionFormat.MAGIC)) {
        throw new SessionFormatException(
            path + ":1: not a session file: line 1 must start with '" + SessionFormat.MAGIC + "'");
      }
      SessionHeader header;
      try {
        header = SessionFormat.parseHeader(first.substring(SessionFormat.MAGIC.length()));
      } catch (IllegalArgumentException e) {
        throw new SessionFormatException(path + ":1: bad header: " + e.getMessage(), e);
      }
      return new SessionReader(path, in, header);
    } catch (IOException e) {
      closeQuietly(in);
      throw new UncheckedIOException("cannot read session file " + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  private static String readHeaderLine(TextLines in, Path path) {
    String first;
    try {
      first = in.readLine();
    } catch (BadLineException e) {
      // "<file>:<line>: <why>" like every format error, the why after "not a session file"
      String prefix = path + ":" + e.line() + ": ";
      String why =
          e.getMessage().startsWith(prefix)
              ? e.getMessage().substring(prefix.length())
              : e.getMessage();
      throw new SessionFormatException(prefix + "not a session file: " + why, e);
    }
    if (first == null && in.damage().isPresent()) {
      throw new SessionFormatException(
          path + ":1: not a session file: " + in.damage().get().describe());
    }
    return first;
  }

  public SessionHeader header() {
    return header;
  }

  /**
   * Where a damaged gzip stopped the file, once the frames before it are all read; empty for an
   * intact file (or before the end).
   */
  public Optional<GzipDamage> damage() {
    return in.damage();
  }

  Path path() {
    return path;
  }

  /** Line number of the last line read (1 = the header). */
  long lineNumber() {
    return line;
  }

  /** The next frame, or null at the end of the file. */
  public SessionFrame readFrame() {
    if (next != null) {
      SessionFrame frame = next;
      next = null;
      return frame;
    }
    if (done) {
      return null;
    }
    String text;
    try {
      text = in.readLine();
    } catch (BadLineException e) {
      throw new SessionFormatException(e.getMessage(), e);
    }
    if (text == null) {
      done = true;
      in.damage()
          .ifPresent(
              damage ->
                  LOG.warn(
                      "{}; {} frames read (lines 2 to {})", damage.describe(), line - 1, line));
      return null;
    }
    line++;
    return parseLine(text);
  }

  private SessionFrame parseLine(String text) {
    int space = text.indexOf(' ');
    if (space <= 0) {
      throw bad("expected '<offset_us> <frame>', found " + preview(text));
    }
    long offset;
    try {
      offset = Long.parseLong(text.substring(0, space));
    } catch (NumberFormatException e) {
      throw bad("offset is not an integer: " + preview(text.substring(0, space)));
    }
    if (offset < 0) {
      throw bad("offset is negative: " + offset);
    }
    if (offset < lastOffset) {
      throw bad("offset " + offset + " µs is before the previous frame's " + lastOffset + " µs");
    }
    String frame;
    try {
      frame = SessionFormat.decodeText(text.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw bad("escaped frame " + e.getMessage());
    }
    lastOffset = offset;
    return new SessionFrame(offset, frame);
  }

  private SessionFormatException bad(String why) {
    return new SessionFormatException(path + ":" + line + ": " + why);
  }

  private static String preview(String text) {
    return text.length() <= 60 ? "'" + text + "'" : "'" + text.substring(0, 60) + "...'";
  }

  @Override
  public Iterator<SessionFrame> iterator() {
    if (iterated) {
      throw new IllegalStateException("frames of " + path + " can be iterated only once");
    }
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          next = readFrame();
        }
        return next != null;
      }

      @Override
      public SessionFrame next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more frames in " + path);
        }
        SessionFrame frame = next;
        next = null;
        return frame;
      }
    };
  }

  Stream<SessionFrame> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** Reads the whole file once and counts frames and trades; see {@link SessionStats}. */
  public static SessionStats stats(Path path) {
    try (SessionReader reader = open(path)) {
      return SessionStats.of(reader);
    }
  }

  @Override
  public void close() {
    in.close();
  }

  private static void closeQuietly(TextLines in) {
    if (in == null) {
      return;
    }
    try {
      in.close();
    } catch (UncheckedIOException ignored) {
      // the original failure is the one worth reporting
    }
  }
}
