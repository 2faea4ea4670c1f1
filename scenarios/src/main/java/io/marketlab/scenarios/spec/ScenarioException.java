package io.marketlab.scenarios.spec;

/** A scenario file that cannot be used; the message is one line naming the file and the field. */
public final class ScenarioException extends RuntimeException {

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
