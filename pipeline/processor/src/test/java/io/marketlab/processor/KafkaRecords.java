package io.marketlab.processor;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Static Datasets shaped like Spark's Kafka source, with Avro values made by the model's class. */
final class KafkaRecords {

  static final StructType KAFKA_SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType)
          .add("timestampType", DataTypes.IntegerType);

  private KafkaRecords() {}

  /** The Avro value the ingest would have produced: the processor's own encoder. */
  static byte[] avro(TradeRow t) {
    return TradeAvro.encode(t);
  }

  /** A record as the Kafka source yields it (key = symbol). */
  static Row record(TradeRow t) {
    return raw(t.symbol(), avro(t), t.kafkaPartition(), t.kafkaOffset(), t.kafkaTsMs());
  }

  static Row raw(String key, byte[] value, int partition, long offset, long timestampMs) {
    return RowFactory.create(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        "trades",
        partition,
        offset,
        new Timestamp(timestampMs),
        0);
  }

  static Dataset<Row> dataset(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(new ArrayList<>(rows), KAFKA_SCHEMA);
  }
}
