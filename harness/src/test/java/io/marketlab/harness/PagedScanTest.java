package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagedScanTest {

  private static ByteBuffer state(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(ByteBuffer state) {
    return state == null ? "start" : StandardCharsets.UTF_8.decode(state.duplicate()).toString();
  }

  @Test
  void a_page_that_failed_should_be_asked_again_from_its_own_state_without_doubling_rows() {
    List<String> asked = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    ReadRetry retry = new ReadRetry(3, Duration.ZERO, Duration.ZERO, lines::add, pause -> {});
    boolean[] failedOnce = {false};
    List<Integer> rows = new ArrayList<>();

    int pages =
        PagedScan.scan(
            "ks.candles",
            retry,
            from -> {
              String at = text(from);
              asked.add(at);
              switch (at) {
                case "start":
                  return new PagedScan.Page<>(List.of(1, 2), state("second"));
                case "second":
                  if (!failedOnce[0]) {
                    failedOnce[0] = true;
                    throw new DriverTimeoutException("Query timed out");
                  }
                  return new PagedScan.Page<>(List.of(3, 4), state("third"));
                default:
                  return new PagedScan.Page<>(List.of(5), null);
              }
            },
            rows::add);

    assertThat(rows).containsExactly(1, 2, 3, 4, 5);
    assertThat(pages).isEqualTo(3);
    assertThat(asked).containsExactly("start", "second", "second", "third");
    assertThat(lines).singleElement().asString().startsWith("reading ks.candles page 2 failed");
  }
}
