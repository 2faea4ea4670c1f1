package io.marketlab.ingest;

import io.marketlab.model.session.GzipDamage;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A session file as the replay server plays it: read from disk, one frame at a time, once per pass
 * (each loop reads the file again), so memory does not grow with the session. Opening it reads the
 * file once through, which checks its format before any client connects and gives the figures the
 * progress needs (frames, the last offset) exactly.
 */
final class ReplaySource {

  private final Path file;
  private final Set<String> symbols;
  private final long totalFrames;
  private final long lastOffsetMicros;
  private final Optional<GzipDamage> damage;

  private ReplaySource(
      Path file,
      Set<String> symbols,
      long totalFrames,
      long lastOffsetMicros,
      Optional<GzipDamage> damage) {
    this.file = file;
    this.symbols = symbols;
    this.totalFrames = totalFrames;
    this.lastOffsetMicros = lastOffsetMicros;
    this.damage = damage;
  }

  /** Reads {@code file} once through; a format problem is a {@code SessionFormatException}. */
  static ReplaySource open(Path file) {
    try (SessionReader reader = SessionReader.open(file)) {
      Set<String> symbols = new LinkedHashSet<>(reader.header().symbols());
      long frames = 0;
      long last = 0;
      for (SessionFrame frame = reader.readFrame(); frame != null; frame = reader.readFrame()) {
        frames++;
        last = frame.offsetMicros();
      }
      return new ReplaySource(file, Set.copyOf(symbols), frames, last, reader.damage());
    }
  }

  /** One pass over the frames, from the start; the caller closes it. */
  SessionReader pass() {
    return SessionReader.open(file);
  }

  Path file() {
    return file;
  }

  /** The header's symbols. */
  Set<String> symbols() {
    return symbols;
  }

  long totalFrames() {
    return totalFrames;
  }

  /** Offset of the last frame (0 for an empty session): the length of one pass. */
  long lastOffsetMicros() {
    return lastOffsetMicros;
  }

  /** Where a damaged gzip ended the session (the frames before it are replayed). */
  Optional<GzipDamage> damage() {
    return damage;
  }
}
