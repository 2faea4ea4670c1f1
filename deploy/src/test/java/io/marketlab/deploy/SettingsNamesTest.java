package io.marketlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketlab.config.Setting;
import io.marketlab.config.Settings;
import io.marketlab.deploy.Descriptions.KubeObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every lab variable the descriptions set (LAB_*, PROCESSOR_*, FINNHUB_*) is a setting of the
 * registry (its variable or an alias), and its value passes the setting's own rule: a misspelt name
 * would be ignored by the lab in silence, a bad value would stop it at start.
 */
class SettingsNamesTest {

  private static final Pattern LAB_VARIABLE = Pattern.compile("(LAB|PROCESSOR|FINNHUB)_[A-Z0-9_]+");
  private static final Pattern SPARK_ENV =
      Pattern.compile("spark\\.(?:kubernetes\\.driverEnv|executorEnv)\\.([A-Z0-9_]+)=(.*)");
  // Compose interpolation with a default: ${NAME:-default}; the default is what runs.
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");

  @Test
  void should_set_only_variables_of_the_settings_registry_with_values_it_accepts() {
    Map<String, Setting<?>> byVariable = registry();
    Map<String, String> variables = variablesSet();
    assertThat(variables)
        .containsKeys(
            "compose.yaml processor LAB_KAFKA_BOOTSTRAP",
            "compose.yaml dashboard LAB_CASSANDRA_CONTACT_POINTS",
            "processor.yaml#4 Job/processor-submit PROCESSOR_CHECKPOINT");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : variables.entrySet()) {
      String where = entry.getKey();
      String name = where.substring(where.lastIndexOf(' ') + 1);
      Setting<?> setting = byVariable.get(name);
      if (setting == null) {
        problems.add(where + ": not a setting of pipeline/config (lab settings)");
        continue;
      }
      String value = interpolated(entry.getValue());
      if (setting.secret() || value.isEmpty()) {
        continue;
      }
      try {
        setting.parse(value, where);
      } catch (RuntimeException e) {
        problems.add(where + " = '" + value + "': " + e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void should_catch_a_misspelt_variable_and_a_bad_value() {
    Map<String, Setting<?>> byVariable = registry();
    assertThat(byVariable).doesNotContainKey("LAB_KAFKA_BOOTSTRAPS");
    assertThatThrownBy(() -> byVariable.get("LAB_DASHBOARD_PORT").parse("eighty", "test"))
        .isInstanceOf(RuntimeException.class);
  }

  /** "file: service VAR" (or "file: object VAR") → value, for every lab variable set. */
  static Map<String, String> variablesSet() {
    Map<String, String> found = new LinkedHashMap<>();
    JsonNode services = Descriptions.compose().path("services");
    services
        .fields()
        .forEachRemaining(
            service ->
                service
                    .getValue()
                    .path("environment")
                    .fields()
                    .forEachRemaining(
                        variable -> {
                          if (LAB_VARIABLE.matcher(variable.getKey()).matches()) {
                            found.put(
                                "compose.yaml " + service.getKey() + " " + variable.getKey(),
                                variable.getValue().asText());
                          }
                        }));
    for (KubeObject object : Descriptions.kubernetesObjects()) {
      if (object.kind().equals("ConfigMap")) {
        object
            .node()
            .path("data")
            .fields()
            .forEachRemaining(
                entry -> {
                  if (LAB_VARIABLE.matcher(entry.getKey()).matches()) {
                    found.put(object.name() + " " + entry.getKey(), entry.getValue().asText());
                  }
                });
      }
      for (JsonNode container : object.node().at("/spec/template/spec/containers")) {
        for (JsonNode env : container.path("env")) {
          String name = env.path("name").asText();
          if (LAB_VARIABLE.matcher(name).matches()) {
            found.put(object.name() + " " + name, env.path("value").asText());
          }
        }
        for (JsonNode argument : container.path("command")) {
          Matcher spark = SPARK_ENV.matcher(argument.asText());
          if (spark.matches()) {
            found.put(object.name() + " " + spark.group(1), spark.group(2));
          }
        }
      }
    }
    return found;
  }

  static Map<String, Setting<?>> registry() {
    Map<String, Setting<?>> byVariable = new HashMap<>();
    for (Setting<?> setting : Settings.DEF.settings()) {
      byVariable.put(setting.environmentVariable(), setting);
      for (String alias : setting.aliases()) {
        byVariable.put(alias, setting);
      }
    }
    return byVariable;
  }

  private static String interpolated(String value) {
    Matcher matcher = INTERPOLATION.matcher(value);
    return matcher.matches() ? matcher.group(1) : value;
  }
}
