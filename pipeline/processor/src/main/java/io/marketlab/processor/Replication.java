package io.marketlab.processor;

import java.util.Map;
import java.util.TreeMap;

/** The replication of the keyspace, as written in CREATE KEYSPACE. */
public sealed interface Replication {

  /** The CQL map literal, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
  String cql();

  /** One data center (or a lab): SimpleStrategy with a replication factor. */
  record Simple(int factor) implements Replication {
    public Simple {
      if (factor < 1) {
        throw new IllegalArgumentException("replication factor must be >= 1, got " + factor);
      }
    }

    @Override
    public String cql() {
      return "{'class': 'SimpleStrategy', 'replication_factor': " + factor + "}";
    }
  }

  /** Several data centers: NetworkTopologyStrategy with a factor per data center. */
  record NetworkTopology(Map<String, Integer> factors) implements Replication {
    public NetworkTopology {
      if (factors.isEmpty()) {
        throw new IllegalArgumentException(
            "NetworkTopologyStrategy needs at least one data center");
      }
      for (Map.Entry<String, Integer> entry : factors.entrySet()) {
        if (!entry.getKey().matches("[A-Za-z0-9_.-]+") || entry.getValue() < 1) {
          throw new IllegalArgumentException(
              "bad data center replication "
                  + entry.getKey()
                  + "="
                  + entry.getValue()
                  + " (name [A-Za-z0-9_.-]+, factor >= 1)");
        }
      }
      factors = Map.copyOf(new TreeMap<>(factors));
    }

    @Override
    public String cql() {
      StringBuilder text = new StringBuilder("{'class': 'NetworkTopologyStrategy'");
      for (Map.Entry<String, Integer> entry : new TreeMap<>(factors).entrySet()) {
        text.append(", '").append(entry.getKey()).append("': ").append(entry.getValue());
      }
      return text.append('}').toString();
    }
  }

  /** {@code 3} = SimpleStrategy 3; {@code dc1:3,dc2:2} = NetworkTopologyStrategy. */
  public static Replication parse(String text) {
    String value = text.trim();
    if (value.matches("\\d+")) {
      return new Simple(Integer.parseInt(value));
    }
    Map<String, Integer> factors = new TreeMap<>();
    for (String part : value.split(",")) {
      String[] pair = part.trim().split(":");
      if (pair.length != 2 || !pair[1].trim().matches("\\d+")) {
        throw new IllegalArgumentException(
            "replication must be a factor (e.g. 1) or dc:factor "
                + "pairs (e.g. dc1:3,dc2:3), got '"
                + text
                + "'");
      }
      factors.put(pair[0].trim(), Integer.parseInt(pair[1].trim()));
    }
    return new NetworkTopology(factors);
  }
}
