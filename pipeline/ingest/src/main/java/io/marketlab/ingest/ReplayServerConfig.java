package io.marketlab.ingest;

import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link ReplayServer}.
 *
 * @param host bind address (default {@code 127.0.0.1})
 * @param port TCP port; 0 picks a free one, see {@link ReplayServer#port()} (default 0)
 * @param speed replay speed: frame k goes out at offset_k / speed; {@code Double.POSITIVE_INFINITY}
 *     ("max") sends without waiting (default 1.0)
 * @param pingInterval a {@code {"type":"ping"}} to every connection this often (default 10 s)
 * @param startOnFirstSubscription wait for the first subscription before starting the clock
 *     (default true); false starts at {@link ReplayServer#start()}
 * @param startDelay grace between the first subscription and the first frame, so the rest of the
 *     client's subscribe burst arrives before trades flow (default 200 ms)
 * @param loop start over at the end of the session, forever (default false)
 * @param rejectUnknownSymbols answer {@code Invalid symbol X} to a subscription of a symbol not in
 *     the session header (default false: accept anything, like a lenient test double)
 * @param dropAfterFrames test knob: close each connection abruptly after sending it this many
 *     session frames (default -1 = never)
 * @param silentAfterFrames test knob: send nothing more (not even pings) to a connection after this
 *     many session frames, keeping it open (default -1 = never)
 * @param bursts stretches of wall time after the replay start at another speed ({@link
 *     SpeedProfile}; default none); each pass of a loop starts the profile again
 */
public record ReplayServerConfig(
    String host,
    int port,
    double speed,
    Duration pingInterval,
    boolean startOnFirstSubscription,
    Duration startDelay,
    boolean loop,
    boolean rejectUnknownSymbols,
    long dropAfterFrames,
    long silentAfterFrames,
    List<SpeedProfile.Burst> bursts) {

  static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_START_DELAY = Duration.ofMillis(200);

  public ReplayServerConfig {
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0 (or max), got " + speed);
    }
    pingInterval = pingInterval == null ? DEFAULT_PING_INTERVAL : pingInterval;
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("pingInterval must be > 0, got " + pingInterval);
    }
    bursts = new SpeedProfile(speed, bursts).bursts();
    startDelay = startDelay == null ? DEFAULT_START_DELAY : startDelay;
    if (startDelay.isNegative()) {
      throw new IllegalArgumentException("startDelay must be >= 0, got " + startDelay);
    }
  }

  public static ReplayServerConfig defaults() {
    return new ReplayServerConfig(null, 0, 1.0, null, true, null, false, false, -1, -1, List.of());
  }

  /** Parses a speed setting: a positive number, or {@code max} for no waiting. */
  public static double parseSpeed(String text) {
    if (text.equalsIgnoreCase("max")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double speed = Double.parseDouble(text);
      if (speed > 0 && !Double.isNaN(speed)) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "speed must be a positive number or 'max', got '" + text + "'");
  }

  public ReplayServerConfig withPort(int value) {
    return new ReplayServerConfig(
        host,
        value,
        speed,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        loop,
        rejectUnknownSymbols,
        dropAfterFrames,
        silentAfterFrames,
        bursts);
  }

  public ReplayServerConfig withSpeed(double value) {
    return new ReplayServerConfig(
        host,
        port,
        value,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        loop,
        rejectUnknownSymbols,
        dropAfterFrames,
        silentAfterFrames,
        bursts);
  }

  public ReplayServerConfig withPingInterval(Duration value) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        value,
        startOnFirstSubscription,
        startDelay,
        loop,
        rejectUnknownSymbols,
        dropAfterFrames,
        silentAfterFrames,
        bursts);
  }

  public ReplayServerConfig withStartOnFirstSubscription(boolean value, Duration delay) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        pingInterval,
        value,
        delay,
        loop,
        rejectUnknownSymbols,
        dropAfterFrames,
        silentAfterFrames,
        bursts);
  }

  public ReplayServerConfig withLoop(boolean value) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        value,
        rejectUnknownSymbols,
        dropAfterFrames,
        silentAfterFrames,
        bursts);
  }

  public ReplayServerConfig withRejectUnknownSymbols(boolean value) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        loop,
        value,
        dropAfterFrames,
        silentAfterFrames,
        bursts);
  }

  public ReplayServerConfig withDropAfterFrames(long value) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        loop,
        rejectUnknownSymbols,
        value,
        silentAfterFrames,
        bursts);
  }

  ReplayServerConfig withSilentAfterFrames(long value) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        loop,
        rejectUnknownSymbols,
        dropAfterFrames,
        value,
        bursts);
  }

  /**
   * The same with bursts at another speed ({@link SpeedProfile}); the base speed must be finite.
   */
  public ReplayServerConfig withBursts(List<SpeedProfile.Burst> value) {
    return new ReplayServerConfig(
        host,
        port,
        speed,
        pingInterval,
        startOnFirstSubscription,
        startDelay,
        loop,
        rejectUnknownSymbols,
        dropAfterFrames,
        silentAfterFrames,
        value);
  }

  /** The speed over time: {@link #speed} and {@link #bursts}. */
  public SpeedProfile profile() {
    return new SpeedProfile(speed, bursts);
  }
}
