package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunNamesTest {

  @Test
  void should_give_every_run_its_own_topic_keyspace_checkpoint_and_processor() {
    RunNames one = RunNames.unique("Kill Processor", Path.of("/work"));
    RunNames two = RunNames.unique("Kill Processor", Path.of("/work"));

    assertThat(one.topic()).matches("trades\\.kill_processor_[0-9a-f]{8}");
    String id = one.topic().substring("trades.".length());
    assertThat(one.deadLetterTopic()).isEqualTo(one.topic() + ".dlq");
    assertThat(one.keyspace()).isEqualTo("s_" + id);
    assertThat(one.checkpoint()).isEqualTo(Path.of("/work/checkpoints").resolve(id));
    assertThat(one.processor()).isEqualTo("processor-" + id);
    assertThat(one.run()).isEqualTo("Kill Processor");
    assertThat(two.topic()).isNotEqualTo(one.topic());
    assertThat(two.keyspace()).isNotEqualTo(one.keyspace());
  }

  @Test
  void should_cut_the_keyspace_to_cassandras_48_characters() {
    RunNames names =
        RunNames.unique("a-scenario-name-that-is-much-longer-than-cassandra-allows", Path.of("w"));

    assertThat(names.keyspace()).hasSize(48).matches("[a-z][a-z0-9_]*");
  }

  @Test
  void should_put_the_dead_letter_topic_beside_another_topic() {
    RunNames names = RunNames.unique("it", Path.of("w")).withTopic("it-trades-1");

    assertThat(names.topic()).isEqualTo("it-trades-1");
    assertThat(names.deadLetterTopic()).isEqualTo("it-trades-1.dlq");
  }

  @Test
  void should_refuse_a_missing_name() {
    assertThatThrownBy(
            () -> new RunNames("demo", "trades", "trades.dlq", " ", Path.of("c"), "processor"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_name_the_gaps_topic_and_checkpoint_beside_the_runs_own() {
    RunNames names = RunNames.unique("Gap run", java.nio.file.Path.of("/work"));

    org.assertj.core.api.Assertions.assertThat(names.gapTopic()).isEqualTo(names.topic() + ".gaps");
    org.assertj.core.api.Assertions.assertThat(names.gapCheckpoint())
        .isEqualTo(names.checkpoint().resolveSibling(names.checkpoint().getFileName() + "-gaps"));
  }
}
