package io.marketlab.config;

/** JSON string literals for the few hand-written JSON documents the lab writes. */
public final class JsonStrings {

  private JsonStrings() {}

  /** {@code text} as a JSON string: quotes, backslashes and control characters escaped. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
