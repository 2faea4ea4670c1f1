package io.marketlab.cli;

/** A user-facing failure: the message is printed as one line and the command exits non-zero. */
class LabException extends RuntimeException {
  public LabException(String message) {
    super(message);
  }
}
