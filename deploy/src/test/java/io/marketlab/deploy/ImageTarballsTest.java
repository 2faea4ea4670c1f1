package io.marketlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The image tarballs jib:buildTar wrote (-Pimages only): each exists, is tagged as the descriptions
 * name it, and its config starts the right program; the processor's layers hold the spark-submit
 * jar and Spark's Kafka and Avro modules.
 */
class ImageTarballsTest {

  private final String version = Descriptions.projectVersion();

  @Test
  void should_start_the_ingest() throws IOException {
    Image image = Image.read(tarball("pipeline/ingest"));
    assertThat(image.tags()).containsExactly("marketlab/ingest:" + version);
    assertThat(image.config().at("/config/Entrypoint").toString())
        .startsWith("[\"java\"")
        .endsWith("\"io.marketlab.ingest.IngestMain\"]");
    assertThat(image.config().at("/config/Env").toString())
        .contains("LAB_INGEST_JOURNAL_DIR=/var/lib/marketlab/journal");
    assertThat(image.files()).contains("opt/marketlab/logback.xml");
  }

  @Test
  void should_start_the_dashboard_on_port_8088_bound_for_a_container() throws IOException {
    Image image = Image.read(tarball("pipeline/dashboard"));
    assertThat(image.tags()).containsExactly("marketlab/dashboard:" + version);
    assertThat(image.config().at("/config/Entrypoint").toString())
        .endsWith("\"io.marketlab.dashboard.DashboardCommand\"]");
    assertThat(image.config().at("/config/ExposedPorts").has("8088/tcp")).isTrue();
    assertThat(image.config().at("/config/Env").toString())
        .contains("LAB_DASHBOARD_BIND_ADDRESS=0.0.0.0");
  }

  @Test
  void should_carry_the_processor_on_spark_s_image() throws IOException {
    Image image = Image.read(tarball("pipeline/processor"));
    assertThat(image.tags()).containsExactly("marketlab/processor:" + version);
    String jar = "opt/marketlab/processor-" + version + "-spark.jar";
    assertThat(image.config().at("/config/Labels/io.marketlab.spark-submit.jar").asText())
        .isEqualTo("local:///" + jar);
    String spark = Descriptions.pomProperty("spark.version");
    assertThat(image.files())
        .contains(
            jar,
            "opt/spark/jars/spark-sql-kafka-0-10_2.13-" + spark + ".jar",
            "opt/spark/jars/spark-token-provider-kafka-0-10_2.13-" + spark + ".jar",
            "opt/spark/jars/spark-avro_2.13-" + spark + ".jar",
            "opt/spark/jars/kafka-clients-" + Descriptions.pomProperty("kafka.version") + ".jar");
    // Spark's entrypoint is kept (INHERIT); with a scratch base (-Dimage.spark=scratch) there is
    // none.
    JsonNode entrypoint = image.config().at("/config/Entrypoint");
    if (!entrypoint.isMissingNode() && !entrypoint.isNull()) {
      assertThat(entrypoint.toString()).isEqualTo("[\"/opt/entrypoint.sh\"]");
    }
    assertThat(image.config().at("/config/ExposedPorts").has("7077/tcp")).isTrue();
  }

  private static Path tarball(String module) {
    Path tar = Descriptions.projectRoot().resolve(module).resolve("target/jib-image.tar");
    assertThat(tar).as("built by mvn -Pimages").isRegularFile();
    return tar;
  }

  /** A docker-save tarball: manifest.json, config.json and gzipped layer tarballs. */
  record Image(List<String> tags, JsonNode config, List<String> files) {
    static Image read(Path tar) throws IOException {
      Map<String, byte[]> entries;
      try (InputStream in = Files.newInputStream(tar)) {
        entries = Tar.entries(in);
      }
      JsonNode manifest = Descriptions.JSON.readTree(entries.get("manifest.json")).get(0);
      List<String> tags = new ArrayList<>();
      manifest.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
      JsonNode config = Descriptions.JSON.readTree(entries.get(manifest.path("Config").asText()));
      List<String> files = new ArrayList<>();
      for (JsonNode layer : manifest.path("Layers")) {
        byte[] bytes = entries.get(layer.asText());
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
          files.addAll(Tar.entries(in).keySet());
        }
      }
      return new Image(tags, config, files);
    }
  }

  /** Just enough of the tar format (ustar with PAX path records) to list and read entries. */
  static final class Tar {
    private Tar() {}

    static Map<String, byte[]> entries(InputStream in) throws IOException {
      Map<String, byte[]> entries = new HashMap<>();
      String paxPath = null;
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        long size =
            Long.parseLong(
                text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
        char type = (char) header[156];
        byte[] data = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (type == 'x') {
          paxPath = paxPath(new String(data, StandardCharsets.UTF_8));
          continue;
        }
        String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
        paxPath = null;
        if (type == '0' || type == 0) {
          entries.put(path.startsWith("./") ? path.substring(2) : path, data);
        }
      }
      return entries;
    }

    private static String paxPath(String records) {
      for (String line : records.split("\n")) {
        int space = line.indexOf(' ');
        if (space > 0 && line.startsWith("path=", space + 1)) {
          return line.substring(space + 6);
        }
      }
      return null;
    }

    private static String text(byte[] bytes, int offset, int length) {
      int end = offset;
      while (end < offset + length && bytes[end] != 0) {
        end++;
      }
      return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }
  }
}
