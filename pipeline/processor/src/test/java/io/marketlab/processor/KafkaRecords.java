package io.marketlab.processor;

import io.marketlab.avro.Trade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
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

  static byte[] avro(TradeRow t) {
    Trade trade =
        Trade.newBuilder()
            .setSymbol(t.symbol())
            .setPrice(t.price())
            .setVolume(t.volume())
            .setTradeTsMs(t.tradeTsMs())
            .setConditions(t.conditions())
            .setReceivedAtUs(t.receivedAtUs())
            .setIngestId(t.ingestId())
            .setFrameSeq(t.frameSeq())
            .setIndexInFrame(t.indexInFrame())
            .build();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(Trade.class).write(trade, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
