package io.marketlab.ingest.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest's disk journal: every received frame is appended here before anything is produced, so
 * that a Kafka outage of any length (up to {@link JournalConfig#maxBytes}) or a killed ingest loses
 * nothing. A directory holds:
 *
 * <ul>
 *   <li>{@code journal.properties}: the format and the {@code ingest_id}, fixed when the journal is
 *       created and reused by every later run on it. Format 2 adds gap entries to the frames of
 *       format 1: a format-1 journal is opened and marked 2 (its segments read as they are); a
 *       format this ingest does not know is refused with the formats it reads;
 *   <li>segment files ({@link Segment}), numbered by their first entry's seq; entries are
 *       length-prefixed and CRC32C-checked; a torn entry at the end of the last segment (a crash
 *       mid-write) is cut off with a warning when the journal is opened;
 *   <li>{@code position.properties}: the acknowledged position ({@link JournalPosition}), written
 *       atomically; segments wholly at or below it are deleted.
 * </ul>
 *
 * <p>One thread appends ({@link #append}, never blocked by Kafka: a write to the OS and, once per
 * segment, one fsync); a background thread forces the active segment to disk every {@link
 * JournalConfig#fsyncInterval}; readers ({@link #reader}) see an entry only once it is on disk, so
 * nothing is sent that a power loss could take back out of the journal.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  /** Frames up to the codec's limit (1 MiB) are kept whole. */
  public static final int MAX_FRAME_BYTES = 1 << 20;

  /** Of a frame over {@link #MAX_FRAME_BYTES}, only this head is kept (it is malformed anyway). */
  public static final int CUT_FRAME_BYTES = 256 * 1024;

  /**
   * {@link #append} returns this when the entry does not fit into {@link JournalConfig#maxBytes}.
   */
  public static final long FULL = -1;

  static final String META_FILE = "journal.properties";
  static final String POSITION_FILE = "position.properties";
  static final String LOCK_FILE = "journal.lock";
  private static final String FORMAT = "2";

  /** Format 1 holds frames only, each entry a subset of format 2's. */
  private static final String FORMAT_FRAMES_ONLY = "1";

  private final JournalConfig config;
  private final String origin;
  private final String ingestId;
  private final JournalPosition openedAt;
  private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final ReentrantLock syncLock = new ReentrantLock();
  private final Object durableSignal = new Object();
  private final Thread syncer;
  private FileChannel lockChannel;

  // Guarded by "this" (the appending thread); the channel is swapped under syncLock too.
  private FileChannel active;
  private long activeFirstSeq;
  private long activeSize;
  private long nextSeq;

  private volatile long lastSeq;
  private volatile long durableSeq;
  // Bytes of the entries after the position the journal was opened at: written by one thread.
  private volatile long bytesAfterOpenedPosition;
  private volatile boolean closed;
  private boolean syncFailureLogged;

  private Journal(JournalConfig config, String ingestId, JournalPosition position) {
    this.config = config;
    this.origin = "[journal|" + config.dir() + "]";
    this.ingestId = ingestId;
    this.openedAt = position;
    this.syncer = new Thread(this::syncLoop, "ingest-journal-sync");
    this.syncer.setDaemon(true);
  }

  /**
   * Opens the journal in {@code config.dir()}, creating it (with {@code newIngestId}) when it does
   * not exist; an existing journal keeps its own ingest id. Checks every segment; a torn last entry
   * is cut off with a warning, damage anywhere else is a {@link JournalException}.
   */
  public static Journal open(JournalConfig config, String newIngestId) {
    Path dir = config.dir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new JournalException("cannot create the journal directory " + dir + ": " + e, e);
    }
    FileChannel lock = lock(dir);
    try {
      String ingestId = readOrCreateMeta(dir, newIngestId);
      JournalPosition position = readPosition(dir.resolve(POSITION_FILE));
      Journal journal = new Journal(config, ingestId, position);
      journal.lockChannel = lock;
      journal.recover();
      journal.syncer.start();
      return journal;
    } catch (RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
  }

  /** One ingest per journal: a second one would interleave its frames with the first's. */
  private static FileChannel lock(Path dir) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (channel.tryLock() == null) {
        throw new java.nio.channels.OverlappingFileLockException();
      }
      return channel;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new JournalException(
          "the journal " + dir + " is in use by another ingest; give this one its own directory");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new JournalException("cannot lock the journal " + dir + ": " + e, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }

  private static String readOrCreateMeta(Path dir, String newIngestId) {
    Path file = dir.resolve(META_FILE);
    Properties meta = AtomicFiles.readProperties(file);
    if (meta == null) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.anyMatch(path -> Segment.firstSeq(path) >= 0)) {
          throw new JournalException(
              dir + " holds journal segments but no " + META_FILE + ": its ingest id is unknown");
        }
      } catch (IOException e) {
        throw new JournalException("cannot list " + dir + ": " + e, e);
      }
      meta = new Properties();
      meta.setProperty("format", FORMAT);
      meta.setProperty("ingest_id", newIngestId);
      meta.setProperty("created_at", Instant.now().toString());
      AtomicFiles.writeProperties(file, meta, "market lab ingest journal");
      return newIngestId;
    }
    String format = meta.getProperty("format");
    if (!FORMAT.equals(format) && !FORMAT_FRAMES_ONLY.equals(format)) {
      throw new JournalException(
          file
              + ": journal format '"
              + format
              + "', this ingest reads "
              + FORMAT_FRAMES_ONLY
              + " and "
              + FORMAT);
    }
    String id = meta.getProperty("ingest_id", "");
    if (id.isBlank()) {
      throw new JournalException(file + " has no ingest_id");
    }
    if (FORMAT_FRAMES_ONLY.equals(format)) {
      // Marked before any gap entry is written, so an older ingest refuses it instead of
      // reading a gap as a frame.
      meta.setProperty("format", FORMAT);
      AtomicFiles.writeProperties(file, meta, "market lab ingest journal");
      LOG.info("{}: journal format {} upgraded to {} (gap entries)", file, format, FORMAT);
    }
    return id;
  }

  static JournalPosition readPosition(Path file) {
    Properties properties = AtomicFiles.readProperties(file);
    if (properties == null) {
      return JournalPosition.NONE;
    }
    try {
      long acked = Long.parseLong(properties.getProperty("acked_seq", "-1").trim());
      Map<TopicPartition, Long> scanFrom = new java.util.HashMap<>();
      for (String key : properties.stringPropertyNames()) {
        if (key.startsWith("scan_from.")) {
          String rest = key.substring("scan_from.".length());
          int dot = rest.indexOf('.');
          int partition = Integer.parseInt(rest.substring(0, dot));
          scanFrom.put(
              new TopicPartition(rest.substring(dot + 1), partition),
              Long.parseLong(properties.getProperty(key).trim()));
        }
      }
      return new JournalPosition(acked, scanFrom);
    } catch (RuntimeException e) {
      throw new JournalException("cannot read the acknowledged position in " + file + ": " + e, e);
    }
  }

  private void recover() {
    List<Long> firsts = new ArrayList<>();
    try (Stream<Path> files = Files.list(config.dir())) {
      files.forEach(
          path -> {
            long first = Segment.firstSeq(path);
            if (first >= 0) {
              firsts.add(first);
            }
          });
    } catch (IOException e) {
      throw new JournalException("cannot list " + config.dir() + ": " + e, e);
    }
    firsts.sort(null);
    long expected = firsts.isEmpty() ? 0 : firsts.get(0);
    long last = expected - 1;
    for (int i = 0; i < firsts.size(); i++) {
      long first = firsts.get(i);
      Path file = config.dir().resolve(Segment.fileName(first));
      if (first != expected) {
        throw new JournalException(
            origin
                + " "
                + file.getFileName()
                + " starts at seq "
                + first
                + ", but "
                + expected
                + " was expected after the segment before it: a segment is missing");
      }
      boolean isLast = i == firsts.size() - 1;
      long entries = checkSegment(file, first, isLast, openedAt.ackedSeq());
      long size = sizeOf(file);
      expected = first + entries;
      last = expected - 1;
      segments.put(first, file);
      bytes.addAndGet(size);
      if (isLast) {
        activeFirstSeq = first;
        activeSize = size;
      }
    }
    // Only a journal whose segments were all removed by hand has an acked position beyond them.
    nextSeq = firsts.isEmpty() ? openedAt.ackedSeq() + 1 : last + 1;
    lastSeq = nextSeq - 1;
    durableSeq = lastSeq;
    try {
      if (firsts.isEmpty()) {
        startSegment(nextSeq);
      } else {
        active =
            FileChannel.open(
                segments.get(activeFirstSeq), StandardOpenOption.WRITE, StandardOpenOption.READ);
        active.position(activeSize);
      }
    } catch (IOException e) {
      throw new JournalException(origin + " cannot open its active segment: " + e, e);
    }
    LOG.info(
        "{} opened: ingest id {}, {} segment(s), {} bytes, frames {}..{}, {}",
        origin,
        ingestId,
        segments.size(),
        bytes.get(),
        segments.isEmpty() ? nextSeq : segments.firstKey(),
        lastSeq,
        openedAt);
  }

  /**
   * Checks a segment's entries; returns how many are valid (cutting a torn tail off). Adds the
   * bytes of those after {@code ackedSeq} to {@link #bytesAfterOpenedPosition()}.
   */
  private long checkSegment(Path file, long first, boolean isLast, long ackedSeq) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long offset = 0;
      long seq = first;
      while (true) {
        Segment.Read read;
        try {
          read = Segment.read(channel, offset, seq);
        } catch (JournalException e) {
          throw new JournalException(origin + " " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (read.entry() != null) {
          if (seq > ackedSeq) {
            bytesAfterOpenedPosition += read.next() - offset;
          }
          offset = read.next();
          seq++;
          continue;
        }
        if (read.problem().isEmpty()) {
          return seq - first;
        }
        long cut = channel.size() - offset;
        if (!isLast) {
          throw new JournalException(
              origin
                  + " "
                  + file.getFileName()
                  + " is damaged at byte "
                  + offset
                  + " (frame seq "
                  + seq
                  + "): "
                  + read.problem()
                  + "; later segments follow it, so this is not a torn write. Move the directory"
                  + " aside to start a new journal (its frames after seq "
                  + (seq - 1)
                  + " are then not sent)");
        }
        LOG.warn(
            "{} {}: torn entry at byte {} (frame seq {}): {}; cut off {} bytes (a write that a"
                + " crash interrupted; that frame never reached Kafka)",
            origin,
            file.getFileName(),
            offset,
            seq,
            read.problem(),
            cut);
        channel.truncate(offset);
        channel.force(true);
        return seq - first;
      }
    } catch (IOException e) {
      throw new JournalException(origin + " cannot read " + file + ": " + e, e);
    }
  }

  private void startSegment(long first) throws IOException {
    Path file = config.dir().resolve(Segment.fileName(first));
    active =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ);
    AtomicFiles.syncDirectory(config.dir());
    segments.put(first, file);
    activeFirstSeq = first;
    activeSize = 0;
  }

  public String ingestId() {
    return ingestId;
  }

  public JournalConfig config() {
    return config;
  }

  /** The acknowledged position as the journal held it when opened. */
  public JournalPosition openedAt() {
    return openedAt;
  }

  /** The seq of the last frame appended, -1 when none. */
  public long lastSeq() {
    return lastSeq;
  }

  /** The seq of the last frame known to be on disk. */
  public long durableSeq() {
    return durableSeq;
  }

  /** Bytes of all segments on disk. */
  public long bytes() {
    return bytes.get();
  }

  /**
   * Bytes (on disk, entry headers included) of every entry after the acknowledged position the
   * journal was opened at ({@link #openedAt()}): those it held then plus every one appended since.
   * Less the bytes of the entries acknowledged since, this is what waits for Kafka.
   */
  public long bytesAfterOpenedPosition() {
    return bytesAfterOpenedPosition;
  }

  /** Whether the journal was created by this open (no frame ever written before). */
  public boolean isNew() {
    return lastSeq < 0;
  }

  /**
   * Appends one frame and returns its seq, or {@link #FULL} when it does not fit into the journal's
   * max bytes (nothing is written then). A frame over {@link #MAX_FRAME_BYTES} keeps only its head.
   *
   * @throws JournalException when the disk refuses the write (nothing of the frame is kept)
   */
  public synchronized long append(long receivedAtMicros, String text) {
    return append(receivedAtMicros, -1, text);
  }

  /**
   * Appends a frame whose trade times the client checked against {@code checkedAtMillis} (-1: none
   * checked); see {@link JournalEntry#checkedAtMillis()}.
   */
  public synchronized long append(long receivedAtMicros, long checkedAtMillis, String text) {
    return append(receivedAtMicros, checkedAtMillis, text, -1);
  }

  /**
   * Appends a frame of which {@code text} may be only the head: {@code wholeBytes} is then the
   * whole frame's size (-1: {@code text} is all of it). A frame over {@link #MAX_FRAME_BYTES} is
   * kept as its head with its whole size, whoever cut it.
   */
  public synchronized long append(
      long receivedAtMicros, long checkedAtMillis, String text, long wholeBytes) {
    long frameBytes = Math.max(utf8Length(text), wholeBytes);
    boolean cut = frameBytes > MAX_FRAME_BYTES;
    byte[] data = (cut ? head(text, CUT_FRAME_BYTES) : text).getBytes(StandardCharsets.UTF_8);
    return write(
        receivedAtMicros,
        checkedAtMillis,
        (int) Math.min(frameBytes, Integer.MAX_VALUE),
        data,
        cut ? Segment.KIND_CUT_FRAME : Segment.KIND_FRAME);
  }

  private long write(
      long receivedAtMicros, long checkedAtMillis, int frameBytes, byte[] data, byte kind) {
    if (closed) {
      throw new JournalException(origin + " is closed");
    }
    long seq = nextSeq;
    ByteBuffer entry =
        Segment.encode(seq, receivedAtMicros, checkedAtMillis, frameBytes, data, kind);
    int size = entry.remaining();
    if (bytes.get() + size > config.maxBytes()) {
      return FULL;
    }
    try {
      if (activeSize > 0 && activeSize + size > config.segmentBytes()) {
        roll(seq);
      }
      while (entry.hasRemaining()) {
        active.write(entry);
      }
    } catch (IOException e) {
      try {
        active.truncate(activeSize);
        active.position(activeSize);
      } catch (IOException ignored) {
        // the segment is checked again when the journal is next opened
      }
      throw new JournalException(origin + " cannot write entry seq " + seq + ": " + e, e);
    }
    activeSize += size;
    bytes.addAndGet(size);
    bytesAfterOpenedPosition += size; // only this (synchronized) method writes it after open
    nextSeq = seq + 1;
    lastSeq = seq;
    LockSupport.unpark(syncer);
    return seq;
  }

  /**
   * Appends a gap record ({@code text} as the ingest encodes it) and returns its seq, or {@link
   * #FULL}; it is sent in order with the frames around it.
   *
   * @throws JournalException when the disk refuses the write
   */
  public synchronized long appendGap(long atMicros, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    if (data.length > MAX_FRAME_BYTES) {
      throw new JournalException(
          origin + " a gap record of " + data.length + " bytes is too large");
    }
    return write(atMicros, -1, data.length, data, Segment.KIND_GAP);
  }

  private void roll(long first) throws IOException {
    syncLock.lock();
    try {
      active.force(false);
      durableSeq = lastSeq;
      active.close();
      startSegment(first);
    } finally {
      syncLock.unlock();
    }
    signalReaders();
  }

  /**
   * Records the acknowledged position (atomically: temp file, fsync, rename) and deletes every
   * segment whose frames are all at or below it.
   */
  public void acknowledge(JournalPosition position) {
    Properties properties = new Properties();
    properties.setProperty("ingest_id", ingestId);
    properties.setProperty("acked_seq", Long.toString(position.ackedSeq()));
    for (Map.Entry<TopicPartition, Long> entry : position.scanFrom().entrySet()) {
      properties.setProperty(
          "scan_from." + entry.getKey().partition() + "." + entry.getKey().topic(),
          Long.toString(entry.getValue()));
    }
    AtomicFiles.writeProperties(
        config.dir().resolve(POSITION_FILE), properties, "acknowledged by Kafka");
    deleteAcknowledged(position.ackedSeq());
  }

  private void deleteAcknowledged(long ackedSeq) {
    List<Path> doomed = new ArrayList<>();
    synchronized (this) {
      Long first = segments.isEmpty() ? null : segments.firstKey();
      while (first != null && first != activeFirstSeq) {
        Long next = segments.higherKey(first);
        if (next == null || next - 1 > ackedSeq) {
          break;
        }
        doomed.add(segments.remove(first));
        first = next;
      }
    }
    for (Path file : doomed) {
      deleteFile(file);
    }
  }

  private void deleteFile(Path file) {
    long size = sizeOf(file);
    try {
      Files.deleteIfExists(file);
      bytes.addAndGet(-size);
    } catch (IOException e) {
      LOG.warn("{} cannot delete the acknowledged segment {}: {}", origin, file, e.toString());
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** A reader of the journal's entries from {@code fromSeq} on, in order. */
  public Reader reader(long fromSeq) {
    return new Reader(fromSeq);
  }

  private void syncLoop() {
    long intervalNanos = config.fsyncInterval().toNanos();
    while (!closed) {
      if (lastSeq == durableSeq) {
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
        continue;
      }
      syncOnce();
      // Appends unpark this thread; the interval still holds between two fsyncs.
      long until = System.nanoTime() + intervalNanos;
      for (long left = intervalNanos; left > 0 && !closed; left = until - System.nanoTime()) {
        LockSupport.parkNanos(this, left);
      }
    }
  }

  private void syncOnce() {
    syncLock.lock();
    try {
      long target = lastSeq;
      active.force(false);
      if (target > durableSeq) {
        durableSeq = target;
      }
      syncFailureLogged = false;
    } catch (IOException e) {
      if (!syncFailureLogged) {
        LOG.error("{} fsync failed (frames wait until it works): {}", origin, e.toString());
        syncFailureLogged = true;
      }
    } finally {
      syncLock.unlock();
    }
    signalReaders();
  }

  private void signalReaders() {
    synchronized (durableSignal) {
      durableSignal.notifyAll();
    }
  }

  /** Forces what is written to disk, stops the sync thread and closes the active segment. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LockSupport.unpark(syncer);
    try {
      syncer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    syncOnce();
    try {
      active.close();
    } catch (IOException e) {
      LOG.warn("{} close: {}", origin, e.toString());
    }
    closeQuietly(lockChannel);
    signalReaders();
  }

  static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes, whole chars. */
  static String head(String text, int maxBytes) {
    int end = Math.min(text.length(), maxBytes);
    if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    while (utf8Length(text.substring(0, end)) > maxBytes) {
      end -= Math.max(1, (int) ((utf8Length(text.substring(0, end)) - maxBytes) / 3));
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
    }
    return text.substring(0, end);
  }

  /** Reads entries in seq order, each once it is on disk; one per sender, not thread-safe. */
  public final class Reader implements AutoCloseable {
    private long next;
    private FileChannel channel;
    private long offset;
    private long lastEntryBytes;

    private Reader(long fromSeq) {
      this.next = fromSeq;
    }

    /** The seq the next entry will have. */
    public long nextSeq() {
      return next;
    }

    /** The bytes on disk (header included) of the entry {@link #next} returned last. */
    public long lastEntryBytes() {
      return lastEntryBytes;
    }

    /**
     * The next entry, waiting at most {@code timeoutMillis} for it to be on disk; null if it is not
     * by then (or the journal closed).
     */
    public JournalEntry next(long timeoutMillis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      synchronized (durableSignal) {
        while (next > durableSeq) {
          long left = deadline - System.nanoTime();
          if (closed || left <= 0) {
            return null;
          }
          TimeUnit.NANOSECONDS.timedWait(durableSignal, left);
        }
      }
      try {
        if (channel == null) {
          seek();
        }
        Segment.Read read = Segment.read(channel, offset, next);
        if (read.entry() == null && read.problem().isEmpty()) {
          // the end of this segment: the entry is the first of the next one
          openSegment(next);
          read = Segment.read(channel, offset, next);
        }
        if (read.entry() == null) {
          throw new JournalException(
              origin
                  + " cannot read frame seq "
                  + next
                  + " at byte "
                  + offset
                  + ": "
                  + (read.problem().isEmpty() ? "end of data" : read.problem()));
        }
        lastEntryBytes = read.next() - offset;
        offset = read.next();
        next++;
        return read.entry();
      } catch (IOException e) {
        throw new JournalException(origin + " cannot read frame seq " + next + ": " + e, e);
      }
    }

    private void seek() throws IOException {
      Long first = segments.floorKey(next);
      if (first == null) {
        throw new JournalException(
            origin + " no longer holds frame seq " + next + " (its segment was deleted)");
      }
      openSegment(first);
      for (long seq = first; seq < next; seq++) {
        Segment.Read read = Segment.read(channel, offset, seq);
        if (read.entry() == null) {
          throw new JournalException(
              origin + " cannot find frame seq " + next + ": " + read.problem());
        }
        offset = read.next();
      }
    }

    private void openSegment(long first) throws IOException {
      Path file = segments.get(first);
      if (file == null) {
        throw new JournalException(origin + " has no segment starting at frame seq " + first);
      }
      close();
      channel = FileChannel.open(file, StandardOpenOption.READ);
      offset = 0;
    }

    @Override
    public void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // read-only
        }
        channel = null;
      }
    }
  }
}
