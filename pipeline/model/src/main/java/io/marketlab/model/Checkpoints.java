package io.marketlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a Spark checkpoint says about its query without asking Spark: the last batch committed
 * ({@code commits/<batchId>}), for the query at the checkpoint's root and for queries in its
 * subdirectories (a processor with several queries gives each its own), and the Kafka offsets that
 * batch ended at ({@code offsets/<batchId>}): how far the query has processed, cheaply. The lab's
 * harness waits on it and the dashboard's pipeline page shows the processor's lag with it.
 */
public final class Checkpoints {

  private static final int DEPTH = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The processor's real-time trade-rows query keeps its checkpoint at {@code <checkpoint>-rows}.
   */
  public static final String ROWS_SUFFIX = "-rows";

  /** The processor's gaps query keeps its checkpoint at {@code <checkpoint>-gaps}. */
  public static final String GAPS_SUFFIX = "-gaps";

  private Checkpoints() {}

  /** The checkpoint of one of the processor's other queries: {@code <checkpoint><suffix>}. */
  public static Path sibling(Path checkpoint, String suffix) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + suffix);
  }

  /**
   * The last committed batch id per query directory, by its path relative to {@code checkpoint}
   * ({@code "."} for the root); empty when nothing is committed yet. Never throws.
   */
  public static Map<String, Long> lastCommitted(Path checkpoint) {
    Map<String, Long> last = new TreeMap<>();
    if (!Files.isDirectory(checkpoint)) {
      return last;
    }
    try (Stream<Path> dirs = Files.walk(checkpoint, DEPTH)) {
      for (Path commits :
          dirs.filter(path -> path.getFileName().toString().equals("commits"))
              .filter(Files::isDirectory)
              .toList()) {
        long batch = lastBatch(commits);
        if (batch >= 0) {
          String query = checkpoint.relativize(commits.getParent()).toString();
          last.put(query.isEmpty() ? "." : query, batch);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a checkpoint written while it is read: what was read so far is the answer
    }
    return last;
  }

  private static long lastBatch(Path commits) throws IOException {
    long last = -1;
    try (Stream<Path> files = Files.list(commits)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("\\d{1,18}")) {
          last = Math.max(last, Long.parseLong(name));
        }
      }
    }
    return last;
  }

  /**
   * The Kafka offsets of {@code topic} that the last committed batch of the query at the root of
   * {@code checkpoint} ended at (exclusive: the next offset to read), by partition; empty when
   * nothing is committed yet. Never throws.
   *
   * <p>The offset log ({@code offsets/<batchId>}) is a version line ({@code v1}), a line of batch
   * metadata, then one line per source: the Kafka source's is {@code {"topic":{"0":123,...}}}.
   */
  public static Map<Integer, Long> committedOffsets(Path checkpoint, String topic) {
    Map<Integer, Long> offsets = new TreeMap<>();
    try {
      Path commits = checkpoint.resolve("commits");
      if (!Files.isDirectory(commits)) {
        return offsets;
      }
      long batch = lastBatch(commits);
      Path log = checkpoint.resolve("offsets").resolve(Long.toString(batch));
      if (batch < 0 || !Files.isRegularFile(log)) {
        return offsets;
      }
      List<String> lines = Files.readAllLines(log);
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (!line.startsWith("{")) {
          continue;
        }
        JsonNode partitions = JSON.readTree(line).get(topic);
        if (partitions == null || !partitions.isObject()) {
          continue;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = partitions.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          offsets.put(Integer.parseInt(field.getKey()), field.getValue().asLong());
        }
      }
    } catch (IOException | RuntimeException e) {
      // a checkpoint written while it is read: the next poll reads it again
      offsets.clear();
    }
    return offsets;
  }

  /** {@code last committed batch 17}, {@code last committed batches: candles 9, trades 17}. */
  public static String describe(Map<String, Long> last) {
    if (last.isEmpty()) {
      return "no batch committed yet";
    }
    if (last.size() == 1) {
      return "last committed batch " + last.values().iterator().next();
    }
    StringBuilder text = new StringBuilder("last committed batches: ");
    String separator = "";
    for (Map.Entry<String, Long> query : last.entrySet()) {
      text.append(separator).append(query.getKey()).append(' ').append(query.getValue());
      separator = ", ";
    }
    return text.toString();
  }
}
