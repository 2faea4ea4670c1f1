package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionHeader;
import io.marketlab.model.session.SessionWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a live connection into a session file: every frame as received (pings and errors too),
 * with its receipt offset. The header names the URL with the token redacted; the token itself is
 * never written.
 */
public final class Recorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

  private final SessionWriter writer;
  private final FinnhubClient client;
  private final long startMicros;
  private long lastOffset;
  private long frames;
  private boolean closed;

  private Recorder(FinnhubClientConfig config, Path out, String name, MicrosClock clock) {
    this.startMicros = clock.nowMicros();
    Instant start =
        Instant.ofEpochSecond(startMicros / 1_000_000, (startMicros % 1_000_000) * 1000);
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("url", config.redactedUrl());
    SessionHeader header =
        new SessionHeader(
            name,
            config.symbols(),
            "finnhub-live",
            "recorded by market-lab ingest Recorder from " + config.redactedUrl(),
            "as published by the source; check its terms before sharing",
            start,
            notes);
    this.writer = SessionWriter.create(out, header);
    this.client = new FinnhubClient(config, new Listener(), clock, new java.util.Random());
  }

  /** Opens {@code out} (replacing it) and starts recording in the background. */
  static Recorder start(FinnhubClientConfig config, Path out, String name) {
    return start(config, out, name, MicrosClock.system());
  }

  /** As {@link #start(FinnhubClientConfig, Path, String)}, with the clock that dates receipts. */
  static Recorder start(FinnhubClientConfig config, Path out, String name, MicrosClock clock) {
    Recorder recorder = new Recorder(config, out, name, clock);
    LOG.info(
        "recording {} symbols from {} into {}", config.symbols().size(), config.redactedUrl(), out);
    recorder.client.start();
    return recorder;
  }

  /**
   * Records for {@code duration}, then closes the file; returns the number of frames written. A
   * fatal client error (e.g. HTTP 401) ends the recording early and is rethrown.
   */
  public static long record(FinnhubClientConfig config, Path out, String name, Duration duration) {
    try (Recorder recorder = start(config, out, name)) {
      // Ctrl-C must still close the gzip stream, or the file ends truncated.
      Thread hook = new Thread(recorder::close, "recorder-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        recorder.client.terminated().get(duration.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException expected) {
        // The normal end: the duration elapsed with the connection still up.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new FinnhubException("recording failed", e.getCause());
      } finally {
        removeHook(hook);
      }
      return recorder.framesWritten();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it closes the recorder itself.
    }
  }

  synchronized long framesWritten() {
    return frames;
  }

  FinnhubClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      writer.close();
    }
    LOG.info("recorded {} frames into {}", framesWritten(), writer.path());
  }

  private synchronized void write(ReceivedFrame frame) {
    if (closed) {
      return;
    }
    // Offsets must not decrease; the wall clock may step back (NTP), the file must not.
    long offset = Math.max(lastOffset, frame.receivedAtMicros() - startMicros);
    lastOffset = offset;
    writer.write(new SessionFrame(offset, frame.text()));
    frames++;
    if (frames % 10_000 == 0) {
      LOG.info("recorded {} frames ({} s of session)", frames, offset / 1_000_000);
    }
  }

  private final class Listener implements FinnhubListener {
    @Override
    public void onMessage(ReceivedFrame frame, FinnhubMessage message) {
      write(frame);
    }
  }
}
