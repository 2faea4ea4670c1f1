package io.marketlab.ingest.journal;

/** The journal cannot be opened or written: a damaged file, a foreign directory, a disk error. */
public final class JournalException extends RuntimeException {

  public JournalException(String message) {
    super(message);
  }

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
