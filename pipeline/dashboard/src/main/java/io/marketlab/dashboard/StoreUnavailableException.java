package io.marketlab.dashboard;

/** The store cannot answer now (Cassandra down, keyspace or table not created yet). */
class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
