package io.marketlab.importers;

/** An input the importer cannot use; the message names the file, line and field. */
public class ImportException extends RuntimeException {
  ImportException(String message) {
    super(message);
  }

  ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
