package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint setting reaches every command: with {@code LAB_KAFKA_BOOTSTRAP} naming a second
 * address, {@code lab ingest} and {@code lab consume} connect there. The address is a listening
 * socket of this test; the Kafka client's connection to it is what the test sees.
 */
class EndpointSettingsIT {

  @TempDir Path work;

  @Test
  void ingestConnectsToTheKafkaOfLabKafkaBootstrap() throws Exception {
    assertCommandConnects(
        "ingest", "--url", "ws://127.0.0.1:9", "--symbols", "BINANCE:BTCUSDT", "--progress", "1h");
  }

  @Test
  void consumeConnectsToTheKafkaOfLabKafkaBootstrap() throws Exception {
    assertCommandConnects("consume", "--count", "1");
  }

  private void assertCommandConnects(String... command) throws Exception {
    try (ServerSocket second = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      second.setSoTimeout(60_000);
      List<String> java = new ArrayList<>();
      java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      java.add("-Xmx256m");
      java.add("-cp");
      java.add(System.getProperty("java.class.path"));
      java.add("-Dlab.root=" + projectRoot());
      java.add("-Dlab.workDir=" + work);
      java.add(io.marketlab.cli.Lab.class.getName());
      java.addAll(List.of(command));
      ProcessBuilder builder = new ProcessBuilder(java);
      builder.environment().put("LAB_KAFKA_BOOTSTRAP", "127.0.0.1:" + second.getLocalPort());
      builder.redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile());
      Process process = builder.start();
      try {
        Socket connection;
        try {
          connection = second.accept();
        } catch (SocketTimeoutException e) {
          throw new AssertionError(
              "lab "
                  + String.join(" ", command)
                  + " never connected to LAB_KAFKA_BOOTSTRAP; it said:\n"
                  + Files.readString(work.resolve("out.txt")));
        }
        connection.close();
        assertThat(connection.getLocalPort()).isEqualTo(second.getLocalPort());
      } finally {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static Path projectRoot() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("engines"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
