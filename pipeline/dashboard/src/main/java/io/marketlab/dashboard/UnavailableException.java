package io.marketlab.dashboard;

/**
 * Something the dashboard reads cannot answer now (Cassandra, Kafka): HTTP 503.
 *
 * <p>{@link #what()} is what the page may show; the message ({@link #getMessage()}) may carry
 * internals (CQL, driver or client errors, hosts) and goes to the dashboard's log only, under an
 * error id the page shows (see {@link ErrorReport}).
 */
class UnavailableException extends RuntimeException {

  private final String what;

  /** A state the page may show as it is, e.g. "keyspace market does not exist yet". */
  UnavailableException(String state) {
    super(state);
    this.what = state;
  }

  /** A failure the page knows as {@code what}; {@code detail} stays in the log. */
  UnavailableException(String what, String detail, Throwable cause) {
    super(detail, cause);
    this.what = what;
  }

  /** What failed, without internals. */
  String what() {
    return what;
  }

  /** True when the message holds more than {@link #what()} (it is logged, not shown). */
  boolean hasDetail() {
    return getCause() != null || !what.equals(getMessage());
  }
}
