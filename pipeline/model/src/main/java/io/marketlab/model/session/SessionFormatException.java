package io.marketlab.model.session;

/** A session file that does not follow the format; the message names the file and line. */
public class SessionFormatException extends RuntimeException {
  SessionFormatException(String message) {
    super(message);
  }

  SessionFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
