package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageWindowTest {

  // A partition whose records are at offsets 100 .. 149 (start 100, end 150).

  @Test
  void newest_first_should_start_at_the_end_and_page_down_to_the_start() {
    MessageWindow first = MessageWindow.newestFirst(100, 150, null, 20);
    MessageWindow second = MessageWindow.newestFirst(100, 150, first.next(), 20);
    MessageWindow last = MessageWindow.newestFirst(100, 150, second.next(), 20);

    assertThat(first).isEqualTo(new MessageWindow(130, 150, 130L));
    assertThat(second).isEqualTo(new MessageWindow(110, 130, 110L));
    assertThat(last).isEqualTo(new MessageWindow(100, 110, null));
  }

  @Test
  void oldest_first_should_start_at_the_start_and_page_up_to_the_end() {
    MessageWindow first = MessageWindow.oldestFirst(100, 150, null, 20);
    MessageWindow second = MessageWindow.oldestFirst(100, 150, first.next(), 20);
    MessageWindow last = MessageWindow.oldestFirst(100, 150, second.next(), 20);

    assertThat(first).isEqualTo(new MessageWindow(100, 120, 120L));
    assertThat(second).isEqualTo(new MessageWindow(120, 140, 140L));
    assertThat(last).isEqualTo(new MessageWindow(140, 150, null));
  }

  @Test
  void an_offset_outside_the_partition_should_be_brought_inside_it() {
    // retention moved the start past a remembered offset; a page asked for past the end
    assertThat(MessageWindow.newestFirst(100, 150, 40L, 20))
        .isEqualTo(new MessageWindow(100, 100, null));
    assertThat(MessageWindow.newestFirst(100, 150, 900L, 20))
        .isEqualTo(new MessageWindow(130, 150, 130L));
    assertThat(MessageWindow.oldestFirst(100, 150, 40L, 20))
        .isEqualTo(new MessageWindow(100, 120, 120L));
    assertThat(MessageWindow.oldestFirst(100, 150, 900L, 20))
        .isEqualTo(new MessageWindow(150, 150, null));
  }

  @Test
  void an_empty_partition_should_give_an_empty_window_and_no_next_page() {
    assertThat(MessageWindow.newestFirst(7, 7, null, 20)).isEqualTo(new MessageWindow(7, 7, null));
    assertThat(MessageWindow.oldestFirst(7, 7, null, 20)).isEqualTo(new MessageWindow(7, 7, null));
  }
}
