package io.marketlab.ingest.journal;

import io.marketlab.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Journal}.
 *
 * @param dir the journal's directory (one per ingest name; created when missing)
 * @param maxBytes disk the segments may use together (default 1 GiB); when an entry does not fit,
 *     {@link Journal#append} refuses it
 * @param segmentBytes a segment this large is closed and a new one started (default 64 MiB); at
 *     most half of {@code maxBytes}, so that deleting an acknowledged segment always makes room
 * @param fsyncInterval how often written entries are forced to disk (default 10 ms; zero = as soon
 *     as there is something to force). Readers see an entry only once it is on disk.
 */
public record JournalConfig(Path dir, long maxBytes, long segmentBytes, Duration fsyncInterval) {

  public static final long DEFAULT_MAX_BYTES = Settings.INGEST_JOURNAL_MAX_BYTES.parsedDefault();
  public static final long DEFAULT_SEGMENT_BYTES =
      Settings.INGEST_JOURNAL_SEGMENT_BYTES.parsedDefault();
  public static final Duration DEFAULT_FSYNC_INTERVAL =
      Settings.INGEST_JOURNAL_FSYNC_INTERVAL.parsedDefault();

  public JournalConfig {
    Objects.requireNonNull(dir, "dir");
    fsyncInterval = fsyncInterval == null ? DEFAULT_FSYNC_INTERVAL : fsyncInterval;
    if (fsyncInterval.isNegative()) {
      throw new IllegalArgumentException("fsyncInterval must be >= 0, got " + fsyncInterval);
    }
    if (segmentBytes < Segment.HEADER_BYTES + Segment.FIXED_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("segmentBytes too small: " + segmentBytes);
    }
    if (maxBytes < 2 * segmentBytes) {
      throw new IllegalArgumentException(
          "the journal's max bytes ("
              + maxBytes
              + ") must be at least twice its segment bytes ("
              + segmentBytes
              + ")");
    }
  }

  /** Defaults for everything but the directory. */
  public static JournalConfig at(Path dir) {
    return new JournalConfig(dir, DEFAULT_MAX_BYTES, DEFAULT_SEGMENT_BYTES, DEFAULT_FSYNC_INTERVAL);
  }

  public JournalConfig withMaxBytes(long value) {
    return new JournalConfig(dir, value, segmentBytes, fsyncInterval);
  }

  public JournalConfig withSegmentBytes(long value) {
    return new JournalConfig(dir, maxBytes, value, fsyncInterval);
  }

  public JournalConfig withFsyncInterval(Duration value) {
    return new JournalConfig(dir, maxBytes, segmentBytes, value);
  }
}
