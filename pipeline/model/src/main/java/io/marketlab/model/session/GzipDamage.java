package io.marketlab.model.session;

/**
 * Where a gzip input stopped being readable (a truncated file, such as a recording that was killed,
 * or corrupt data). Everything before it was read; the partial line at the damage was not.
 *
 * @param name the input, for messages
 * @param compressedOffset the compressed byte offset at which the damage was found
 * @param lines complete lines read before the damage
 * @param droppedBytes bytes of the partial line after those lines, left out (0 when the damage came
 *     at a line end)
 * @param cause what the decompressor said
 */
public record GzipDamage(
    String name, long compressedOffset, long lines, long droppedBytes, String cause) {

  /** One line for a warning. */
  public String describe() {
    return name
        + ": damaged gzip at compressed byte "
        + compressedOffset
        + " ("
        + cause
        + "): read the "
        + lines
        + " complete lines before it"
        + (droppedBytes > 0
            ? ", left out the partial line after them (" + droppedBytes + " bytes)"
            : "")
        + ", nothing after it can be read";
  }
}
