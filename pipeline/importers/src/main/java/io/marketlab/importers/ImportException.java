package io.marketlab.importers;

/** An input the importer cannot use; the message names the file, line and field. */
public class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
