package io.marketlab.engines.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The smallest real Spark application: reads a whole Kafka topic as a batch and writes its values,
 * one per line, to a file. The lab submits it to prove that Spark (local mode, or through a
 * standalone master) reads from the lab's Kafka.
 *
 * <p>Arguments: bootstrap-servers topic output-file
 */
public final class TopicDump {

  private TopicDump() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: TopicDump <bootstrap-servers> <topic> <output-file>");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("lab-topic-dump").getOrCreate();
    try {
      Dataset<Row> records =
          spark
              .read()
              .format("kafka")
              .option("kafka.bootstrap.servers", args[0])
              .option("subscribe", args[1])
              .option("startingOffsets", "earliest")
              .option("endingOffsets", "latest")
              .load()
              .selectExpr("partition", "offset", "CAST(value AS STRING) AS value")
              .orderBy("partition", "offset");
      List<String> lines = new ArrayList<>();
      for (Row row : records.collectAsList()) {
        lines.add(row.getString(2));
      }
      Files.write(Path.of(args[2]), lines, StandardCharsets.UTF_8);
      System.out.println("TopicDump: " + lines.size() + " records from " + args[1]);
    } finally {
      spark.stop();
    }
  }
}
