package io.marketlab.harness;

import io.marketlab.fixtures.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a run's topics before anything uses them: a processor that subscribes to a topic that
 * does not exist yet backs off for seconds, which would show up as latency of the first trades.
 */
final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * @param replicas replication factor of the topics (min(3, brokers)); the brokers' {@code
   *     min.insync.replicas} applies
   */
  static void ensure(String bootstrap, int partitions, short replicas, String... topics) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, replicas));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new EngineException(
            "cannot create topics "
                + List.of(topics)
                + " at "
                + bootstrap
                + ": "
                + e.getCause().getMessage(),
            e);
      }
    } catch (Exception e) {
      throw new EngineException(
          "cannot create topics " + List.of(topics) + " at " + bootstrap + ": " + e, e);
    }
  }
}
