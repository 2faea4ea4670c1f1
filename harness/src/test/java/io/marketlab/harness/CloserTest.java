package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {

  private final List<String> closed = new ArrayList<>();
  private final Closer closer = new Closer();

  private AutoCloseable part(String name) {
    return () -> closed.add(name);
  }

  private AutoCloseable failing(String name) {
    return () -> {
      closed.add(name);
      throw new IllegalStateException(name + " is stuck");
    };
  }

  @Test
  void should_close_in_reverse_order_once() {
    closer.add("topics", part("topics"));
    closer.add("processor", part("processor"));
    closer.add("ingest", part("ingest"));

    closer.closeAll();
    closer.closeAll();

    assertThat(closed).containsExactly("ingest", "processor", "topics");
  }

  @Test
  void should_close_everything_when_one_part_fails_and_then_say_which() {
    closer.add("processor", failing("processor"));
    closer.add("server", part("server"));
    closer.add("ingest", failing("ingest"));

    assertThatThrownBy(closer::closeAll)
        .hasMessage("stopping ingest failed: ingest is stuck")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(closed).containsExactly("ingest", "server", "processor");
  }

  @Test
  void should_close_one_part_early_and_not_again() {
    AutoCloseable ingest = part("ingest");
    closer.add("processor", part("processor"));
    closer.add("ingest", ingest);

    closer.closeNow(ingest);
    closer.closeAll();

    assertThat(closed).containsExactly("ingest", "processor");
  }

  @Test
  void should_stop_a_part_that_starts_after_the_stack_was_closed() {
    closer.closeAll();

    assertThatThrownBy(() -> closer.add("processor", part("processor")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("processor");
  }
}
