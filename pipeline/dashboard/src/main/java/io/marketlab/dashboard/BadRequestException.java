package io.marketlab.dashboard;

/** A query parameter the API cannot accept; answered with HTTP 400 naming the parameter. */
class BadRequestException extends RuntimeException {

  private final String parameter;

  public BadRequestException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
