package io.marketlab.ingest;

import java.util.Map;

/**
 * Where a replay stands.
 *
 * @param framesReplayed session frames whose time has come (sent to whoever was subscribed)
 * @param totalFrames frames in the session
 * @param framesSent frames written to connections (a frame sent to two clients counts twice)
 * @param tradesSent trades written to connections, after per-connection symbol filtering
 * @param tradesBySymbol {@code tradesSent} per symbol
 * @param positionMicros session offset of the last replayed frame, µs since the session start
 * @param loopsCompleted full passes over the session
 * @param finished the replay ended (never true when looping)
 * @param connections currently open connections
 */
public record ReplayProgress(
    long framesReplayed,
    long totalFrames,
    long framesSent,
    long tradesSent,
    Map<String, Long> tradesBySymbol,
    long positionMicros,
    int loopsCompleted,
    boolean finished,
    int connections) {

  public String line() {
    return String.format(
        "frames %d/%d (sent %d), trades sent %d, session time %.3f s, loops %d, connections %d%s",
        framesReplayed,
        totalFrames,
        framesSent,
        tradesSent,
        positionMicros / 1e6,
        loopsCompleted,
        connections,
        finished ? ", finished" : "");
  }
}
