package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which log files {@code lab logs ENGINE} reads. */
class LogsCommandTest {

  @Test
  void an_engine_should_take_its_own_log_and_each_node_of_a_set() {
    assertThat(LogsCommand.isOf("kafka", "kafka.log")).isTrue();
    assertThat(LogsCommand.isOf("kafka", "kafka-1.log")).isTrue();
    assertThat(LogsCommand.isOf("kafka", "kafka-12.log")).isTrue();
    assertThat(LogsCommand.isOf("kafka-2", "kafka-2.log")).isTrue();
    assertThat(LogsCommand.isOf("kafka-2", "kafka-1.log")).isFalse();
    assertThat(LogsCommand.isOf("kafka", "kafka-2.out")).isFalse();
    assertThat(LogsCommand.isOf("cassandra", "kafka-1.log")).isFalse();
    assertThat(LogsCommand.isOf("processor", "processor-bench_batch_100_12345678.log")).isFalse();
    assertThat(LogsCommand.isOf("spark", "spark-master.log")).isFalse();
  }
}
