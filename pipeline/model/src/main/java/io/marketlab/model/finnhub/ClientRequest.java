package io.marketlab.model.finnhub;

/**
 * What a client may send to a Finnhub-speaking server; see {@link FinnhubCodec#parseClientRequest}.
 */
public sealed interface ClientRequest
    permits ClientRequest.Subscribe, ClientRequest.Unsubscribe, ClientRequest.Invalid {

  /** {@code {"type":"subscribe","symbol":...}} */
  record Subscribe(String symbol) implements ClientRequest {}

  /** {@code {"type":"unsubscribe","symbol":...}} */
  record Unsubscribe(String symbol) implements ClientRequest {}

  /** Anything else; {@code reason} is suitable for an error frame back to the client. */
  record Invalid(String reason) implements ClientRequest {}
}
