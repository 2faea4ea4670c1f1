package io.marketlab.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The definition of one setting, in the manner of Kafka's {@code ConfigDef.ConfigKey}: its key
 * ({@code lab.kafka.port}, also the system property and the {@code lab.properties} name), its
 * environment variable, its type, its default, what it means, and how a value is validated. A
 * setting may also be a program argument ({@code --topic=...}) of the processor.
 *
 * @param <T> the type of the parsed value
 */
public final class Setting<T> {

  private final String key;
  private final String environmentVariable;
  private final List<String> aliases;
  private final String group;
  private final String defaultValue;
  private final String doc;
  private final Function<String, T> parser;
  private final String argument;
  private final boolean secret;

  Setting(
      String key,
      String environmentVariable,
      List<String> aliases,
      String group,
      String defaultValue,
      String doc,
      Function<String, T> parser,
      String argument,
      boolean secret) {
    this.key = Objects.requireNonNull(key, "key");
    this.environmentVariable = Objects.requireNonNull(environmentVariable, "environmentVariable");
    this.aliases = List.copyOf(aliases);
    this.group = Objects.requireNonNull(group, "group");
    this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.argument = argument;
    this.secret = secret;
  }

  /** The key: system property and {@code lab.properties} name. */
  public String key() {
    return key;
  }

  public String environmentVariable() {
    return environmentVariable;
  }

  /** Older environment variables also read, below {@link #environmentVariable()}. */
  public List<String> aliases() {
    return aliases;
  }

  /** What the setting belongs to (engines, kafka, processor, ingest, ...), for listings. */
  public String group() {
    return group;
  }

  /** The default as text; empty means "not set". */
  public String defaultValue() {
    return defaultValue;
  }

  /** The default, parsed. */
  public T parsedDefault() {
    return parse(defaultValue, "its default");
  }

  public String doc() {
    return doc;
  }

  /**
   * The processor's program argument ({@code --name=value}), if the processor reads this setting.
   */
  public Optional<String> argument() {
    return Optional.ofNullable(argument);
  }

  /** Secret values (tokens) are never printed. */
  public boolean secret() {
    return secret;
  }

  /**
   * Parses and validates a value of this setting.
   *
   * @param source where the value came from, for the error message
   * @throws ConfigException naming the setting, its environment variable, the source and the rule
   */
  public T parse(String text, String source) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(
          "setting "
              + key
              + " ("
              + environmentVariable
              + ", from "
              + source
              + ") = '"
              + text
              + "': "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return key;
  }
}
