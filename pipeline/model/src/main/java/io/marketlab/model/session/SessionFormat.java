package io.marketlab.model.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line format shared by {@link SessionWriter} and {@link SessionReader} (docs/CONTRACTS.md).
 */
final class SessionFormat {

  static final String MAGIC = "#market-lab-session 1 ";
  static final char ESCAPE = '~';

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private SessionFormat() {}

  /** Frames with a line break, or that start with the escape mark, go as {@code ~base64}. */
  static String encodeText(String text) {
    boolean escape =
        (!text.isEmpty() && text.charAt(0) == ESCAPE)
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    if (!escape) {
      return text;
    }
    return ESCAPE + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeText(String stored) {
    if (stored.isEmpty() || stored.charAt(0) != ESCAPE) {
      return stored;
    }
    byte[] bytes = Base64.getDecoder().decode(stored.substring(1));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String headerLine(SessionHeader header) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("name", header.name());
    json.putArray("symbols").addAll(header.symbols().stream().map(json::textNode).toList());
    json.put("source", header.source());
    json.put("provenance", header.provenance());
    json.put("licence", header.licence());
    json.put("start_time", header.startTime().toString());
    ObjectNode notes = json.putObject("notes");
    for (Map.Entry<String, String> note : header.notes().entrySet()) {
      notes.put(note.getKey(), note.getValue());
    }
    return MAGIC + json;
  }

  /** Parses the JSON after the magic; unknown keys are ignored so later versions can add some. */
  static SessionHeader parseHeader(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("header is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("header is not a JSON object");
    }
    String name = text(root, "name", true);
    String start = text(root, "start_time", true);
    Instant startTime;
    try {
      startTime = Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("start_time is not an ISO-8601 instant: " + start, e);
    }
    List<String> symbols = new ArrayList<>();
    JsonNode symbolsNode = root.get("symbols");
    if (symbolsNode != null && !symbolsNode.isNull()) {
      if (!symbolsNode.isArray()) {
        throw new IllegalArgumentException("symbols is not an array");
      }
      for (JsonNode symbol : symbolsNode) {
        symbols.add(symbol.asText());
      }
    }
    Map<String, String> notes = new LinkedHashMap<>();
    JsonNode notesNode = root.get("notes");
    if (notesNode != null && notesNode.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = notesNode.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        notes.put(field.getKey(), value.isTextual() ? value.textValue() : value.toString());
      }
    }
    return new SessionHeader(
        name,
        symbols,
        text(root, "source", false),
        text(root, "provenance", false),
        text(root, "licence", false),
        startTime,
        notes);
  }

  private static String text(JsonNode root, String field, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new IllegalArgumentException("header field '" + field + "' is missing");
      }
      return "";
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException("header field '" + field + "' is not a string: " + node);
    }
    return node.textValue();
  }
}
