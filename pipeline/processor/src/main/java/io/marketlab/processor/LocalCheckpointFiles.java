package io.marketlab.processor;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;

/**
 * Spark's checkpoint files (offsets, commits, state store changelogs and snapshots) on a local
 * disk, through java.nio instead of Hadoop's local file system. Without Hadoop's native library,
 * Hadoop sets the permission of every file it creates by running {@code chmod} in a child process
 * (seen with strace: about 6 per micro-batch, each a fork of the 1 GiB driver JVM), and its
 * checksummed file system writes a {@code .crc} file beside each. Here a file is written to a
 * temporary name in its directory and moved into place atomically when closed, as Spark's own
 * rename-based managers do; nothing forks.
 */
public final class LocalCheckpointFiles implements CheckpointFileManager {

  private final Path root;

  /** For reading only: Hadoop's raw local file system opens a file without forking. */
  private final RawLocalFileSystem reader = new RawLocalFileSystem();

  public LocalCheckpointFiles(Path path, Configuration conf) {
    this.root = path;
    try {
      reader.initialize(java.net.URI.create("file:///"), conf);
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  /**
   * Rethrows an IOException as it is (Scala's interface declares none; Spark's callers catch
   * FileNotFoundException and the like, as Hadoop's file systems throw them).
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }

  static File file(Path path) {
    return new File(path.toUri().getPath());
  }

  @Override
  public CancellableFSDataOutputStream createAtomic(Path path, boolean overwriteIfPossible) {
    java.nio.file.Path target = file(path).toPath();
    java.nio.file.Path temporary =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      return new AtomicFile(
          new FileOutputStream(temporary.toFile()), temporary, target, overwriteIfPossible);
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  /** Written under a temporary name, moved to its own on close, deleted on cancel. */
  private static final class AtomicFile extends CancellableFSDataOutputStream {
    private final FileOutputStream out;
    private final java.nio.file.Path temporary;
    private final java.nio.file.Path target;
    private final boolean overwrite;
    private boolean done;

    AtomicFile(
        FileOutputStream out,
        java.nio.file.Path temporary,
        java.nio.file.Path target,
        boolean overwrite) {
      super(out);
      this.out = out;
      this.temporary = temporary;
      this.target = target;
      this.overwrite = overwrite;
    }

    @Override
    public synchronized void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      super.close();
      if (!overwrite && Files.exists(target)) {
        Files.deleteIfExists(temporary);
        throw new FileAlreadyExistsException(target + " already exists");
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public synchronized void cancel() {
      if (done) {
        return;
      }
      done = true;
      try {
        out.close();
      } catch (IOException e) {
        // the temporary file goes anyway
      }
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // a stray temporary file is ignored by every reader (it starts with a dot)
      }
    }
  }

  @Override
  public FSDataInputStream open(Path path) {
    try {
      return reader.open(new Path(file(path).toURI()));
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public FileStatus[] list(Path path, PathFilter filter) {
    File directory = file(path);
    List<FileStatus> statuses = new ArrayList<>();
    if (!directory.isDirectory()) {
      return new FileStatus[0];
    }
    try (DirectoryStream<java.nio.file.Path> entries =
        Files.newDirectoryStream(directory.toPath())) {
      for (java.nio.file.Path entry : entries) {
        Path child = new Path(path, entry.getFileName().toString());
        if (!filter.accept(child)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // deleted meanwhile
        }
        statuses.add(
            new FileStatus(
                attributes.size(),
                attributes.isDirectory(),
                1,
                32L * 1024 * 1024,
                attributes.lastModifiedTime().toMillis(),
                child));
      }
    } catch (IOException e) {
      throw sneaky(e);
    }
    return statuses.toArray(new FileStatus[0]);
  }

  @Override
  public void mkdirs(Path path) {
    try {
      Files.createDirectories(file(path).toPath());
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public boolean exists(Path path) {
    return file(path).exists();
  }

  @Override
  public void delete(Path path) {
    java.nio.file.Path target = file(path).toPath();
    if (!Files.exists(target)) {
      return;
    }
    try {
      Files.walkFileTree(
          target,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(java.nio.file.Path f, BasicFileAttributes a)
                throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(java.nio.file.Path d, IOException e)
                throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw sneaky(e);
    }
  }

  @Override
  public boolean isLocal() {
    return true;
  }

  @Override
  public Path createCheckpointDirectory() {
    mkdirs(root);
    return new Path(file(root).getAbsoluteFile().toURI());
  }
}
