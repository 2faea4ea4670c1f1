package io.marketlab.importers;

import io.marketlab.model.finnhub.TradeTick;

/**
 * One trade read from an input, before it becomes part of a frame.
 *
 * @param receiptMicros when the frame carrying it was (or would have been) received, µs since epoch
 * @param tick the trade as Finnhub would send it
 */
record ImportedTrade(long receiptMicros, TradeTick tick) {}
