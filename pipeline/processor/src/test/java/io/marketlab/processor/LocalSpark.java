package io.marketlab.processor;

import org.apache.spark.sql.SparkSession;

/** A small local Spark for unit tests: one core, no UI, one shuffle partition. */
final class LocalSpark {

  private LocalSpark() {}

  static SparkSession session() {
    return SparkSession.builder()
        .master("local[1]")
        .appName("processor-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
