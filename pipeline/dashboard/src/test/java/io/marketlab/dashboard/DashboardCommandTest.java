package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DashboardCommandTest {

  @Test
  void should_reject_a_malformed_contact_point_with_one_line_and_exit_code_2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new DashboardCommand()).execute("--cassandra", "localhost:notaport");
    } finally {
      System.setErr(original);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo("dashboard: expected host:port, got 'localhost:notaport'");
  }

  @Test
  void should_parse_all_options() {
    DashboardCommand command = new DashboardCommand();
    new CommandLine(command)
        .parseArgs(
            "--port",
            "9099",
            "--cassandra",
            "10.0.0.1:9142,10.0.0.2",
            "--datacenter",
            "dc2",
            "--keyspace",
            "market_test",
            "--symbols",
            "AAPL,BINANCE:BTCUSDT");
    assertThat(command.port).isEqualTo(9099);
    assertThat(command.cassandra).containsExactly("10.0.0.1:9142", "10.0.0.2");
    assertThat(command.datacenter).isEqualTo("dc2");
    assertThat(command.keyspace).isEqualTo("market_test");
    assertThat(command.symbols).containsExactly("AAPL", "BINANCE:BTCUSDT");
  }

  @Test
  void should_default_to_the_local_engines() {
    DashboardCommand command = new DashboardCommand();
    new CommandLine(command).parseArgs();
    assertThat(command.port).isEqualTo(8088);
    assertThat(command.cassandra).containsExactly("127.0.0.1:9042");
    assertThat(command.datacenter).isEqualTo("datacenter1");
    assertThat(command.keyspace).isEqualTo("market");
    assertThat(command.bind).isEqualTo("127.0.0.1");
  }

  @Test
  void should_bind_the_address_given_so_that_a_container_can_serve_the_page() {
    DashboardCommand command = new DashboardCommand();
    new CommandLine(command).parseArgs("--bind", "0.0.0.0");
    assertThat(command.bind).isEqualTo("0.0.0.0");
    assertThat(DashboardConfig.defaults().withHost(command.bind).host()).isEqualTo("0.0.0.0");
  }

  @Test
  void should_parse_host_port_pairs() {
    assertThat(DashboardConfig.parseHostPort("cass-1:9142").getPort()).isEqualTo(9142);
    assertThat(DashboardConfig.parseHostPort("cass-1").getPort()).isEqualTo(9042);
    assertThat(DashboardConfig.parseHostPort("cass-1").getHostString()).isEqualTo("cass-1");
  }
}
