package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipt time line of a replay: each trade frame the ingest receives is placed at the receipt
 * the session recorded for it (start time + offset), whatever the replay speed, so the ingest
 * rejects exactly the future-dated trades the independent reference rejects, which reads the same
 * offsets from the same file.
 *
 * <p>It follows the session as the replay server sends it to one subscription ({@link
 * ReplayFrame#textFor}): a received trade frame is matched to the next session frame that the
 * server delivers as that same text. Frames the ingest missed (a dropped connection: one timeline
 * is shared by all connections) are skipped over, up to {@link #MAX_LOOKAHEAD} trade frames ahead.
 * A frame not found (not from this session) keeps the receipt of the last one matched and is
 * counted in {@link #unmatched()}. Identical frames are matched in order, so a copy is only ever
 * dated earlier than its own receipt when the ingest missed the copy before it.
 *
 * <p>The session is read as it is replayed, never whole; only frames searched past are held.
 */
public final class SessionTimeline implements ReceiptTimeline, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionTimeline.class);

  /** Trade frames searched ahead of the last match before a received frame counts as unmatched. */
  static final int MAX_LOOKAHEAD = 100_000;

  private record Entry(long offsetMicros, String text) {}

  private final SessionReader reader;
  private final long startMicros;
  private final Set<String> subscribed;
  private final ArrayDeque<Entry> ahead = new ArrayDeque<>();
  private long lastOffsetMicros;
  private long unmatched;
  private boolean exhausted;

  private SessionTimeline(SessionReader reader, Set<String> subscribed) {
    this.reader = reader;
    this.subscribed = Set.copyOf(subscribed);
    java.time.Instant start = reader.header().startTime();
    this.startMicros =
        Math.addExact(
            Math.multiplyExact(start.getEpochSecond(), 1_000_000L), start.getNano() / 1_000);
  }

  /**
   * @param subscribed the symbols the ingest subscribes to (the replay server filters by them)
   */
  public static SessionTimeline open(Path session, Set<String> subscribed) {
    return new SessionTimeline(SessionReader.open(session), subscribed);
  }

  @Override
  public synchronized long receiptMillis(long receivedAtMicros, String text) {
    int skipped = 0;
    for (Iterator<Entry> it = ahead.iterator(); it.hasNext(); skipped++) {
      if (it.next().text().equals(text)) {
        return matched(skipped);
      }
    }
    while (!exhausted && ahead.size() < MAX_LOOKAHEAD) {
      Entry next = readTradeFrame();
      if (next == null) {
        break;
      }
      ahead.addLast(next);
      if (next.text().equals(text)) {
        return matched(ahead.size() - 1);
      }
    }
    if (unmatched++ == 0) {
      LOG.warn(
          "a received trade frame is not among the next {} of the session: dated at the last"
              + " matched receipt (counted in unmatched())",
          ahead.size());
    }
    return Math.floorDiv(startMicros + lastOffsetMicros, 1000L);
  }

  /** Removes the frames before the match (missed by the ingest) and the match itself. */
  private long matched(int index) {
    for (int i = 0; i < index; i++) {
      ahead.removeFirst();
    }
    lastOffsetMicros = ahead.removeFirst().offsetMicros();
    return Math.floorDiv(startMicros + lastOffsetMicros, 1000L);
  }

  /** The next session frame that reaches this subscription as a trade frame, or null at the end. */
  private Entry readTradeFrame() {
    SessionFrame frame;
    while ((frame = reader.readFrame()) != null) {
      String delivered = ReplayFrame.of(frame).textFor(subscribed);
      if (delivered != null && FinnhubCodec.parse(delivered) instanceof FinnhubMessage.Trades) {
        return new Entry(frame.offsetMicros(), delivered);
      }
    }
    exhausted = true;
    return null;
  }

  /** Received trade frames that matched no session frame (0 in a clean replay). */
  public synchronized long unmatched() {
    return unmatched;
  }

  @Override
  public synchronized void close() {
    reader.close();
  }
}
