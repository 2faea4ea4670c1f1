package io.marketlab.importers;

import io.marketlab.model.finnhub.TradeTick;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The trades of an import in receipt order, in bounded memory: a stable external merge sort.
 *
 * <p>Trades are buffered up to {@code runTrades}; a full buffer is sorted (stably: equal receipt
 * times keep reading order) and written to a temporary run file. The sorted order is the merge of
 * the runs, taking on equal receipt times the trade of the earlier run: runs hold consecutive
 * stretches of the input, so that is exactly the order a stable sort of the whole input gives (file
 * order, then line order, within one µs). More than {@value #MAX_FAN_IN} runs are first merged in
 * consecutive groups, which keeps that property. An input that fits one buffer is sorted in memory
 * and writes no file.
 *
 * <p>The inputs' own order cannot make the sort unnecessary: a session merges several files
 * (symbols, days) by time, and a generic CSV may come in any order.
 */
final class SortedTrades implements AutoCloseable {

  /** Trades held in memory at most (about 200 bytes each with their tick). */
  static final int DEFAULT_RUN_TRADES = 1 << 17;

  private static final int MAX_FAN_IN = 64;
  private static final int IO_BUFFER_BYTES = 1 << 16;
  private static final Comparator<ImportedTrade> BY_RECEIPT =
      Comparator.comparingLong(ImportedTrade::receiptMicros);

  private final Path spillParent;
  private final int runTrades;
  private final List<ImportedTrade> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private final List<DataInputStream> open = new ArrayList<>();
  private Path spillDirectory;
  private long size;
  private int peakInMemory;
  private boolean sorting;

  /**
   * @param spillParent where the temporary directory of run files goes (the output's directory, so
   *     that the space used is visible beside the output)
   */
  SortedTrades(Path spillParent, int runTrades) {
    if (runTrades <= 0) {
      throw new IllegalArgumentException("runTrades must be > 0, was " + runTrades);
    }
    this.spillParent = spillParent;
    this.runTrades = runTrades;
  }

  void add(ImportedTrade trade) {
    if (sorting) {
      throw new IllegalStateException("trades are being read back");
    }
    buffer.add(trade);
    size++;
    peakInMemory = Math.max(peakInMemory, buffer.size());
    if (buffer.size() >= runTrades) {
      spill();
    }
  }

  long size() {
    return size;
  }

  /** Most trades held in memory at once, for tests of the bound. */
  int peakInMemory() {
    return peakInMemory;
  }

  /** Run files written so far. */
  int runs() {
    return runs.size();
  }

  /** The trades in receipt order; once. */
  Iterator<ImportedTrade> sorted() {
    if (sorting) {
      throw new IllegalStateException("trades can be read back once");
    }
    sorting = true;
    if (runs.isEmpty()) {
      // List.sort is a stable merge sort: equal receipt times keep reading order.
      buffer.sort(BY_RECEIPT);
      return buffer.iterator();
    }
    if (!buffer.isEmpty()) {
      spill();
    }
    List<Path> level = new ArrayList<>(runs);
    while (level.size() > MAX_FAN_IN) {
      List<Path> next = new ArrayList<>();
      for (int from = 0; from < level.size(); from += MAX_FAN_IN) {
        List<Path> group = level.subList(from, Math.min(level.size(), from + MAX_FAN_IN));
        Path merged = newRunFile();
        try (DataOutputStream out = output(merged)) {
          Iterator<ImportedTrade> trades = merge(group);
          while (trades.hasNext()) {
            write(out, trades.next());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the sort run " + merged, e);
        }
        closeOpen();
        for (Path run : group) {
          delete(run);
        }
        next.add(merged);
      }
      level = next;
    }
    return merge(level);
  }

  private void spill() {
    buffer.sort(BY_RECEIPT);
    Path run = newRunFile();
    try (DataOutputStream out = output(run)) {
      for (ImportedTrade trade : buffer) {
        write(out, trade);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sort run " + run, e);
    }
    runs.add(run);
    buffer.clear();
  }

  private Path newRunFile() {
    try {
      if (spillDirectory == null) {
        spillDirectory = Files.createTempDirectory(spillParent, ".import-sort-");
      }
      return Files.createTempFile(spillDirectory, "run-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a sort run file in " + spillParent + ": " + e.getMessage(), e);
    }
  }

  /** One cursor per run, ordered by (receipt, run index): equal receipts take the earlier run. */
  private Iterator<ImportedTrade> merge(List<Path> group) {
    PriorityQueue<Cursor> heads =
        new PriorityQueue<>(
            Comparator.comparingLong((Cursor c) -> c.head.receiptMicros())
                .thenComparingInt(c -> c.index));
    for (int i = 0; i < group.size(); i++) {
      Cursor cursor = new Cursor(i, input(group.get(i)), group.get(i));
      if (cursor.advance()) {
        heads.add(cursor);
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public ImportedTrade next() {
        Cursor cursor = heads.poll();
        if (cursor == null) {
          throw new NoSuchElementException();
        }
        ImportedTrade trade = cursor.head;
        if (cursor.advance()) {
          heads.add(cursor);
        }
        return trade;
      }
    };
  }

  private final class Cursor {
    final int index;
    final DataInputStream in;
    final Path file;
    ImportedTrade head;

    Cursor(int index, DataInputStream in, Path file) {
      this.index = index;
      this.in = in;
      this.file = file;
    }

    boolean advance() {
      try {
        head = read(in);
        return head != null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the sort run " + file, e);
      }
    }
  }

  private DataOutputStream output(Path file) throws IOException {
    return new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(file), IO_BUFFER_BYTES));
  }

  private DataInputStream input(Path file) {
    try {
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file), IO_BUFFER_BYTES));
      open.add(in);
      return in;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sort run " + file, e);
    }
  }

  private static void write(DataOutputStream out, ImportedTrade trade) throws IOException {
    TradeTick tick = trade.tick();
    out.writeLong(trade.receiptMicros());
    writeString(out, tick.symbol());
    // Raw bits: the double read back is the one read from the input, to the last bit.
    out.writeLong(Double.doubleToRawLongBits(tick.price()));
    out.writeLong(Double.doubleToRawLongBits(tick.volume()));
    out.writeLong(tick.timeMs());
    out.writeInt(tick.conditions().size());
    for (String condition : tick.conditions()) {
      writeString(out, condition);
    }
  }

  private static ImportedTrade read(DataInputStream in) throws IOException {
    long receipt;
    try {
      receipt = in.readLong();
    } catch (EOFException end) {
      return null;
    }
    String symbol = readString(in);
    double price = Double.longBitsToDouble(in.readLong());
    double volume = Double.longBitsToDouble(in.readLong());
    long timeMs = in.readLong();
    int count = in.readInt();
    List<String> conditions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      conditions.add(readString(in));
    }
    return new ImportedTrade(receipt, new TradeTick(symbol, price, volume, timeMs, conditions));
  }

  /** UTF-16 code units: every string comes back as it was, even one that is not valid text. */
  private static void writeString(DataOutputStream out, String text) throws IOException {
    out.writeInt(text.length());
    out.writeChars(text);
  }

  private static String readString(DataInputStream in) throws IOException {
    char[] chars = new char[in.readInt()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = in.readChar();
    }
    return new String(chars);
  }

  private void closeOpen() {
    for (DataInputStream in : open) {
      try {
        in.close();
      } catch (IOException ignored) {
        // a temporary file about to be deleted
      }
    }
    open.clear();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // left in the temporary directory, removed with it
    }
  }

  /** Deletes every run file and the temporary directory. */
  @Override
  public void close() {
    closeOpen();
    buffer.clear();
    if (spillDirectory == null) {
      return;
    }
    try (var files = Files.list(spillDirectory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        delete(file);
      }
    } catch (IOException ignored) {
      // nothing more to do than try the directory itself
    }
    delete(spillDirectory);
  }
}
