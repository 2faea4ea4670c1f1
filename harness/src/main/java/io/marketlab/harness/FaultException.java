package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;

/**
 * A fault action that could not act (the target is not a local process, or none runs) or could not
 * prove what it did (the pid is still alive after the kill). The message is one line.
 */
public final class FaultException extends EngineException {

  private final long pid;

  public FaultException(String message, long pid) {
    super(message);
    this.pid = pid;
  }

  public FaultException(String message) {
    this(message, -1);
  }

  /** The process the action was about, or -1 when there was none. */
  public long pid() {
    return pid;
  }
}
