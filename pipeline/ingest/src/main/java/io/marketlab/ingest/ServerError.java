package io.marketlab.ingest;

/** An {@code {"type":"error"}} frame from Finnhub, classified so callers can act on it. */
sealed interface ServerError
    permits ServerError.InvalidSymbol, ServerError.TooManySymbols, ServerError.Other {

  String message();

  /** {@code "Invalid symbol X"}: the subscription of {@code symbol} was refused. */
  record InvalidSymbol(String symbol, String message) implements ServerError {}

  /** {@code "Subscribing to too many symbols"}: the plan's per-connection limit (~50 on free). */
  record TooManySymbols(String message) implements ServerError {}

  /** Any other error text, kept verbatim. */
  record Other(String message) implements ServerError {}

  static ServerError classify(String message) {
    String trimmed = message.trim();
    if (trimmed.regionMatches(true, 0, "Invalid symbol", 0, "Invalid symbol".length())) {
      String symbol = trimmed.substring("Invalid symbol".length()).trim();
      return new InvalidSymbol(symbol, message);
    }
    if (trimmed.toLowerCase(java.util.Locale.ROOT).contains("too many symbols")) {
      return new TooManySymbols(message);
    }
    return new Other(message);
  }
}
