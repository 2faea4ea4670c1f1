package io.marketlab.dashboard;

/** A thing a request names that does not exist (a topic): HTTP 404 naming the parameter. */
class NotFoundException extends RuntimeException {

  private final String parameter;

  NotFoundException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  String parameter() {
    return parameter;
  }
}
