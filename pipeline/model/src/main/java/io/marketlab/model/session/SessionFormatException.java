package io.marketlab.model.session;

/** A session file that does not follow the format; the message names the file and line. */
public class SessionFormatException extends RuntimeException {
  public SessionFormatException(String message) {
    super(message);
  }

  public SessionFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
