package io.marketlab.harness;

import java.util.Locale;

/** What a fault step of a run acts on: the stack's processor, or a local engine under it. */
public enum FaultTarget {
  PROCESSOR,
  CASSANDRA,
  KAFKA,
  /** The replay server's websocket connections (a drop step). */
  WEBSOCKET;

  /** {@code processor}, {@code cassandra}, {@code kafka}: as in step names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
