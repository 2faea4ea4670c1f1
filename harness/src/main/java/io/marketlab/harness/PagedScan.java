package io.marketlab.harness;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a large result page by page, each page one request of its own with bounded retries: a page
 * that fails is asked for again from the same paging state, and the rows of a page are handed on
 * only once it arrived whole, so a retry never loses or doubles a row.
 */
final class PagedScan {

  /** One page: its rows and the state to ask for the next one (null after the last). */
  record Page<T>(List<T> rows, ByteBuffer next) {}

  private PagedScan() {}

  /**
   * Every row, page by page from the first ({@code fetch.apply(null)}) until a page has no next.
   *
   * @param what names the scan in retry lines and errors ("candles")
   * @return the number of pages read
   */
  static <T> int scan(
      String what, ReadRetry retry, Function<ByteBuffer, Page<T>> fetch, Consumer<T> each) {
    ByteBuffer state = null;
    int pages = 0;
    do {
      ByteBuffer from = state;
      Page<T> page = retry.call(what + " page " + (pages + 1), () -> fetch.apply(from));
      pages++;
      page.rows().forEach(each);
      state = page.next();
    } while (state != null);
    return pages;
  }
}
