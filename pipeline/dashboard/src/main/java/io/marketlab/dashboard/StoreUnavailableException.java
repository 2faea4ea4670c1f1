package io.marketlab.dashboard;

/**
 * The store cannot answer now (Cassandra down, keyspace or table not created yet).
 *
 * <p>{@link #what()} is what the page may show; the message ({@link #getMessage()}) may carry
 * internals (CQL, driver errors, hosts) and goes to the dashboard's log only, under an error id the
 * page shows (see {@link ErrorReport}).
 */
class StoreUnavailableException extends UnavailableException {

  /** What the page is told when the store failed with internals it must not see. */
  static final String DID_NOT_ANSWER =
      "the store did not answer (Cassandra unreachable or failing)";

  /** A state the page may show as it is, e.g. "keyspace market does not exist yet". */
  public StoreUnavailableException(String state) {
    super(state);
  }

  /** A failure whose detail (CQL, the driver's message) stays in the log. */
  public StoreUnavailableException(String detail, Throwable cause) {
    this(DID_NOT_ANSWER, detail, cause);
  }

  /** A failure the page knows as {@code what}; {@code detail} stays in the log. */
  public StoreUnavailableException(String what, String detail, Throwable cause) {
    super(what, detail, cause);
  }
}
