package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A new file in the same folder as its destination, which replaces the destination atomically
 * on {@link #commitAs}: fsync the data, renameat over the old name (atomic on POSIX: readers
 * see the old inode or the new one), fsync the folder so the rename survives a crash. Until the
 * commit, the destination is untouched; {@link #discard} removes every trace. While it is written,
 * a {@link Writeback} sends its data to disk in the background, so the commit's fsync is short.
 */
final class TempFile implements AutoCloseable {
  private final SecureDirectoryStream<Path> folder;
  private final Path name;
  private final FileChannel channel;
  private final DiskWriter writer;
  private final Writeback writeback;
  private boolean finished;

  private TempFile(SecureDirectoryStream<Path> folder, Path name, FileChannel channel,
      DiskWriter writer, Writeback writeback) {
    this.folder = folder;
    this.name = name;
    this.channel = channel;
    this.writer = writer;
    this.writeback = writeback;
  }

  /**
   * Creates the file in {@code folder}, which must stay open until the commit or discard;
   * {@code writeback} runs the background flushes.
   */
  static TempFile create(SecureDirectoryStream<Path> folder, DiskWriter writer,
      Executor writeback) throws IOException {
    Path name = Path.of(TempNames.next());
    // CREATE_NEW is O_EXCL: never reuses, and never follows, whatever already has that name.
    FileChannel channel = (FileChannel) folder.newByteChannel(name, SandboxRoot.withNoFollow(
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)));
    return new TempFile(folder, name, channel, writer, Writeback.of(channel, writeback));
  }

  /** Appends all of {@code data}, in order. */
  void write(ByteBuffer... data) throws IOException {
    long length = remaining(data);
    writer.write(channel, data);
    writeback.written(length);
  }

  /** The bytes left in all of {@code data}. */
  static long remaining(ByteBuffer... data) {
    long length = 0;
    for (ByteBuffer piece : data) {
      length += piece.remaining();
    }
    return length;
  }

  /** Makes the written bytes the content of {@code destination} in the same folder. */
  void commitAs(String destination) throws IOException {
    writeback.await(); // its failure is this file's: the fsync below might not report it again
    channel.force(true);
    channel.close();
    folder.move(name, folder, Path.of(destination));
    finished = true;
    SandboxRoot.syncFolder(folder);
  }

  /** Closes and deletes the temp file unless it was committed; safe to call more than once. */
  void discard() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a file we only wrote to: nothing to save, the delete below is what matters.
    }
    try {
      folder.deleteFile(name);
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      // Left for the start-up sweep; never visible to callers (reserved, hidden from List).
    }
  }

  @Override
  public void close() {
    discard();
  }
}
