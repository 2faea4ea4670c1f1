package io.marketlab.processor;

import io.marketlab.model.TradeSchema;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A stream shaped like Spark's Kafka source (key, value, topic, partition, offset, timestamp,
 * timestampType), fed from the test: each {@link #add} is one micro-batch once the query processes
 * it. Survives query restarts (same checkpoint, same stream), as a topic would.
 */
final class MemoryKafka {

  private final MemoryStream<Record> stream;

  MemoryKafka(SparkSession spark) {
    stream = MemoryStream.apply(Encoders.bean(Record.class), spark);
  }

  /** The decoded stream the processor's query reads. */
  Dataset<Row> decoded() {
    return Transforms.decode(stream.toDF(), TradeSchema.json());
  }

  /**
   * Appends records made by {@link KafkaRecords#record} or {@link KafkaRecords#raw} (fields in the
   * order of {@link KafkaRecords#KAFKA_SCHEMA}).
   */
  void add(List<Row> kafkaRows) {
    List<Record> records = new ArrayList<>();
    for (Row row : kafkaRows) {
      records.add(record(row));
    }
    stream.addData(CollectionConverters.asScala(records).toSeq());
  }

  /** A row of {@link KafkaRecords#KAFKA_SCHEMA} as a bean. */
  static Record record(Row row) {
    Record record = new Record();
    record.setKey(row.getAs(0));
    record.setValue(row.getAs(1));
    record.setTopic(row.getString(2));
    record.setPartition(row.getInt(3));
    record.setOffset(row.getLong(4));
    record.setTimestamp(row.getTimestamp(5));
    record.setTimestampType(row.getInt(6));
    return record;
  }

  /** One Kafka record, as a bean for the stream's encoder. */
  public static final class Record implements Serializable {
    private byte[] key;
    private byte[] value;
    private String topic;
    private int partition;
    private long offset;
    private Timestamp timestamp;
    private int timestampType;

    public byte[] getKey() {
      return key;
    }

    public void setKey(byte[] key) {
      this.key = key;
    }

    public byte[] getValue() {
      return value;
    }

    public void setValue(byte[] value) {
      this.value = value;
    }

    public String getTopic() {
      return topic;
    }

    public void setTopic(String topic) {
      this.topic = topic;
    }

    public int getPartition() {
      return partition;
    }

    public void setPartition(int partition) {
      this.partition = partition;
    }

    public long getOffset() {
      return offset;
    }

    public void setOffset(long offset) {
      this.offset = offset;
    }

    public Timestamp getTimestamp() {
      return timestamp;
    }

    public void setTimestamp(Timestamp timestamp) {
      this.timestamp = timestamp;
    }

    public int getTimestampType() {
      return timestampType;
    }

    public void setTimestampType(int timestampType) {
      this.timestampType = timestampType;
    }
  }
}
