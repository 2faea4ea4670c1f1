package io.marketlab.model.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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

  /**
   * Longest line a session may hold, in UTF-8 bytes (a frame of about 12 MiB once escaped): far
   * above the 1 MiB the ingest accepts, so an oversized frame can be recorded and replayed, and a
   * bound on what one line may cost a reader.
   */
  static final int MAX_LINE_BYTES = 16 << 20;

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

  /**
   * The frame a stored line holds.
   *
   * @throws IllegalArgumentException naming the problem when an escaped frame is not base64 or its
   *     bytes are not UTF-8 (never replaced by U+FFFD)
   */
  static String decodeText(String stored) {
    if (stored.isEmpty() || stored.charAt(0) != ESCAPE) {
      return stored;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(stored.substring(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not valid base64: " + e.getMessage(), e);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("is not UTF-8 text once decoded from base64", e);
    }
  }

  /**
   * Why a frame cannot be stored as one line of UTF-8 (an unpaired surrogate, or a line over {@link
   * #MAX_LINE_BYTES}), or null when it can.
   *
   * @param text the frame
   * @param stored {@link #encodeText(String)} of it
   * @param prefixBytes what precedes it on the line (the offset and a space, ASCII)
   */
  static String unstorable(String text, String stored, int prefixBytes) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return "holds an unpaired surrogate at char " + i + ", which is not Unicode text";
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    // An escaped frame is ASCII: its length is its size.
    long line = prefixBytes + (stored == text ? bytes : stored.length());
    if (line > MAX_LINE_BYTES) {
      return "needs a line of " + line + " bytes, over the format's " + MAX_LINE_BYTES;
    }
    return null;
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
