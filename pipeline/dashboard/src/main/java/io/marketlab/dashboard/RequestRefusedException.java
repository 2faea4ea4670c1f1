package io.marketlab.dashboard;

/** A request the dashboard will not serve (a foreign Host, too many live clients). */
class RequestRefusedException extends RuntimeException {

  private final int status;

  RequestRefusedException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
