package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Freeze and thaw, on real processes of this machine. */
class ProcessPauseTest {

  private Process process;

  @AfterEach
  void cleanUp() throws IOException {
    if (process != null) {
      new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start();
      process.destroyForcibly();
    }
  }

  /** A process that prints a line every 20 ms for as long as it runs. */
  private Process ticker() throws IOException {
    process =
        new ProcessBuilder("sh", "-c", "while true; do echo tick; sleep 0.02; done")
            .redirectErrorStream(true)
            .start();
    return process;
  }

  @Test
  void a_paused_process_should_be_stopped_and_do_nothing_until_resumed() throws Exception {
    Process ticker = ticker();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(ticker.getInputStream(), StandardCharsets.UTF_8));
    // it runs: its first line is there before the pause
    assertThat(out.readLine()).isEqualTo("tick");

    FaultProof paused = ProcessPause.pause("ticker", Optional.of(ticker.toHandle()));

    assertThat(paused.pid()).isEqualTo(ticker.pid());
    assertThat(paused.outcome())
        .startsWith("SIGSTOP to ticker pid " + ticker.pid() + "; stopped (state T) after");
    assertThat(ProcessPause.isStopped(ticker.pid())).isTrue();
    // Stopped, it writes nothing more: what it wrote before the stop is read to the end (every
    // line whole: one echo is one write), then the pipe stays empty for 15 of its 20 ms periods.
    while (out.ready()) {
      assertThat(out.readLine()).isEqualTo("tick");
    }
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !out.ready());
    assertThat(ticker.isAlive()).isTrue();

    FaultProof resumed = ProcessPause.resume("ticker", Optional.of(ticker.toHandle()));

    assertThat(resumed.outcome())
        .startsWith("SIGCONT to ticker pid " + ticker.pid() + "; running again after");
    assertThat(ProcessPause.isStopped(ticker.pid())).isFalse();
    // running again: the next line comes
    await().atMost(Duration.ofSeconds(5)).until(out::ready);
    assertThat(out.readLine()).isEqualTo("tick");
  }

  @Test
  void a_resume_of_a_running_process_should_fail_saying_it_is_not_paused() throws Exception {
    Process ticker = ticker();

    assertThatThrownBy(() -> ProcessPause.resume("kafka", Optional.of(ticker.toHandle())))
        .isInstanceOf(FaultException.class)
        .hasMessage("kafka pid " + ticker.pid() + " is not paused; nothing to resume");
  }

  @Test
  void a_pause_with_no_process_should_fail_saying_it_hit_nothing() {
    assertThatThrownBy(() -> ProcessPause.pause("cassandra", Optional.empty()))
        .isInstanceOf(FaultException.class)
        .hasMessage("hit nothing: no cassandra process is running");
  }
}
