package io.marketlab.dashboard;

import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * What the page is told about a failure: what failed, and an error id when the detail (CQL, driver
 * errors, hosts, stack traces) went to the dashboard's log instead. An operator finds the detail by
 * searching the log for {@code [error ID]}.
 *
 * @param message what failed, never internals
 * @param errorId the id of the logged detail, or null when there is none (a plain state such as
 *     "table market.candles does not exist yet")
 * @param detail the logged detail, or null; for telling repeated failures apart, never for the page
 */
record ErrorReport(String message, String errorId, String detail) {

  /**
   * Reports a failure: a store state as it is, any other failure as what failed plus an error id,
   * its detail logged under that id ({@code context} says where it happened).
   */
  static ErrorReport of(RuntimeException failure, String context, Logger log) {
    if (failure instanceof UnavailableException store) {
      if (!store.hasDetail()) {
        log.debug("{}: {}", context, store.getMessage());
        return new ErrorReport(store.what(), null, null);
      }
      String id = newId();
      log.warn("[error {}] {}: {}", id, context, store.getMessage(), store.getCause());
      return new ErrorReport(withId(store.what(), id), id, store.getMessage());
    }
    String id = newId();
    log.error("[error {}] {} failed", id, context, failure);
    return new ErrorReport(withId("internal error", id), id, String.valueOf(failure));
  }

  /** The JSON body of an error answer: {@code error}, {@code parameter} (null), {@code errorId}. */
  JsonViews.ErrorView view() {
    return new JsonViews.ErrorView(message, null, errorId);
  }

  /** {@code error} and, when there is one, {@code errorId}, into a map for a larger answer. */
  Map<String, Object> putInto(Map<String, Object> body) {
    body.put("error", message);
    if (errorId != null) {
      body.put("errorId", errorId);
    }
    return body;
  }

  private static String withId(String what, String id) {
    return what + "; error id " + id + " in the dashboard log";
  }

  /** Short enough to read out, random enough not to repeat within one log. */
  private static String newId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
