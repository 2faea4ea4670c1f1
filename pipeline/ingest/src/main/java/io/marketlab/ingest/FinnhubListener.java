package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubMessage;

/**
 * Receives everything a {@link FinnhubClient} sees. Called from the client's receive thread, one
 * call at a time and in frame order; keep it quick (hand heavy work to another thread).
 */
interface FinnhubListener {

  /** Every complete frame, with what it parsed to (trade, ping, error, unknown or malformed). */
  void onMessage(ReceivedFrame frame, FinnhubMessage message);

  /**
   * A connection is open and the subscriptions are sent; {@code connectionNumber} counts from 1.
   */
  default void onConnected(int connectionNumber) {}

  /** The connection was lost (closed, failed or silent); a reconnect is scheduled. */
  default void onDisconnected(String reason) {}

  /** An error frame, classified (invalid symbol, too many symbols, other). */
  default void onServerError(ServerError error) {}

  /** The client gave up for good (e.g. HTTP 401); no more callbacks follow. */
  default void onFatal(FinnhubException error) {}
}
