package io.marketlab.scenarios.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small hand-written JSON reader for the reference's reading of original files, so that it shares
 * no parsing with the importers. Objects become {@code Map<String, Object>}, arrays {@code
 * List<Object>}, strings {@code String}, {@code true}/{@code false} {@code Boolean}, {@code null}
 * {@link #NULL}, and numbers {@link Number} holding their text exactly as written (no rounding).
 */
final class JsonText {

  /** A JSON number as written in the text. */
  record Number(String text) {
    boolean isInteger() {
      return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }
  }

  /** The JSON literal {@code null}. */
  static final Object NULL = new Object();

  /**
   * Bounds of the JSON the importer's parser accepts (Jackson's default stream constraints): a
   * number token of at most 1000 characters, at most 1000 nested arrays and objects. A line beyond
   * them is malformed on import, so here too (and no deep nesting can exhaust the stack).
   */
  static final int MAX_NUMBER_CHARS = 1000;

  static final int MAX_DEPTH = 1000;

  private final String text;
  private int at;
  private int depth;

  private JsonText(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value that spans the whole text.
   *
   * @throws IllegalArgumentException when the text is not exactly one JSON value
   */
  static Object parse(String text) {
    JsonText reader = new JsonText(text);
    Object value = reader.value();
    reader.skipSpace();
    if (reader.at != text.length()) {
      throw reader.error("text after the value");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("end of text where a value was expected");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return NULL;
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    enter();
    try {
      return objectMembers();
    } finally {
      depth--;
    }
  }

  private List<Object> array() {
    enter();
    try {
      return arrayItems();
    } finally {
      depth--;
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
  }

  private Map<String, Object> objectMembers() {
    enter();
    Map<String, Object> members = new LinkedHashMap<>();
    at++; // '{'
    skipSpace();
    if (peek() == '}') {
      at++;
      return members;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("a member name (a string) expected");
      }
      String name = string();
      skipSpace();
      expect(':');
      members.put(name, value());
      skipSpace();
      char c = next();
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        throw error("',' or '}' expected");
      }
    }
  }

  private List<Object> arrayItems() {
    List<Object> items = new ArrayList<>();
    at++; // '['
    skipSpace();
    if (peek() == ']') {
      at++;
      return items;
    }
    while (true) {
      items.add(value());
      skipSpace();
      char c = next();
      if (c == ']') {
        return items;
      }
      if (c != ',') {
        throw error("',' or ']' expected");
      }
    }
  }

  private String string() {
    at++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = next();
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
          at += 4;
        }
        default -> throw error("bad escape \\" + escaped);
      }
    }
  }

  /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, kept as text. */
  private Number number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else if (digits() == 0) {
      throw error("a value expected");
    }
    if (peek() == '.') {
      at++;
      if (digits() == 0) {
        throw error("digits expected after '.'");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      if (digits() == 0) {
        throw error("digits expected in the exponent");
      }
    }
    if (at - start > MAX_NUMBER_CHARS) {
      throw error("a number longer than " + MAX_NUMBER_CHARS + " characters");
    }
    return new Number(text.substring(start, at));
  }

  private int digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at - start;
  }

  private void literal(String word) {
    if (!text.startsWith(word, at)) {
      throw error("a value expected");
    }
    at += word.length();
  }

  private void expect(char wanted) {
    if (next() != wanted) {
      throw error("'" + wanted + "' expected");
    }
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private char next() {
    if (at >= text.length()) {
      throw error("unexpected end of text");
    }
    return text.charAt(at++);
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not JSON at character " + at + ": " + what);
  }
}
