package io.marketlab.harness;

import java.util.Locale;

/**
 * What a fault step of a run acts on: the stack's processor or ingest, a local engine under it, or
 * the replay server's websocket.
 */
public enum FaultTarget {
  PROCESSOR,
  CASSANDRA,
  KAFKA,
  /** The run's ingest, a child JVM of the stack. */
  INGEST,
  /** The replay server's websocket connections (a drop step). */
  WEBSOCKET;

  /** {@code processor}, {@code cassandra}, {@code kafka}, {@code ingest}: as in step names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
