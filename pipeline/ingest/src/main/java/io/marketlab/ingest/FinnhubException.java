package io.marketlab.ingest;

/** Something went wrong talking to Finnhub (or a server speaking its protocol). */
public class FinnhubException extends RuntimeException {

  FinnhubException(String message) {
    super(message);
  }

  FinnhubException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The server refused the token at the handshake (HTTP 401); retrying cannot help. */
  public static final class Unauthorized extends FinnhubException {
    Unauthorized(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
