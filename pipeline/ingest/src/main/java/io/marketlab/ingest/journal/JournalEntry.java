package io.marketlab.ingest.journal;

/**
 * One received frame as the journal keeps it.
 *
 * @param seq the frame's number in this journal (from 0, no holes): the {@code frame_seq} of every
 *     record made from it
 * @param receivedAtMicros wall-clock receipt time, µs since epoch
 * @param frameBytes the frame's size in UTF-8 bytes as received
 * @param text the frame text: all of it, or only its head when {@code cut}
 * @param cut whether the frame was over {@link Journal#MAX_FRAME_BYTES}, so only its first {@link
 *     Journal#CUT_FRAME_BYTES} were kept (such a frame is malformed whatever its content)
 */
public record JournalEntry(
    long seq, long receivedAtMicros, int frameBytes, String text, boolean cut) {}
