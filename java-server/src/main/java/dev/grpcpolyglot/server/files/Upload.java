package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.ProblemException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.concurrent.Executor;

/**
 * An upload in progress: bytes go to a temp file beside the destination, which appears only on
 * {@link #finish()}. {@link #abort()} (a cancelled or failed stream) leaves nothing behind.
 * Not thread-safe: one stream's messages arrive one at a time.
 */
public final class Upload implements AutoCloseable {
  private final FileStore store;
  private final FilePath path;
  private final SecureDirectoryStream<Path> folder;
  private final TempFile temp;
  private final long declaredSize;
  private final OverlappedSha256 sha256;
  private long received;
  private boolean closed;

  Upload(FileStore store, FilePath path, SecureDirectoryStream<Path> folder, TempFile temp,
      long declaredSize, Executor hasher) {
    this.sha256 = new OverlappedSha256(hasher);
    this.store = store;
    this.path = path;
    this.folder = folder;
    this.temp = temp;
    this.declaredSize = declaredSize;
  }

  /**
   * Appends the next bytes (the buffers' contents, in order); over the size limit or the
   * declared size, the upload fails.
   */
  public void append(ByteBuffer... data) {
    long length = TempFile.remaining(data);
    if (declaredSize >= 0 && received + length > declaredSize) {
      throw abortWith(ProblemException.invalidArgument("upload of " + path.quoted()
          + " sent more than the " + declaredSize + " bytes its header declared")
          .at("header.size"));
    }
    try {
      store.checkSize(path, received + length);
      sha256.hashWhile(data, () -> temp.write(data));
      received += length;
    } catch (IOException e) {
      throw abortWith(IoFailures.toProblem(e, "uploading", path, store.root()));
    } catch (RuntimeException e) {
      throw abortWith(e);
    }
  }

  /** The stream ended well: checks the declared size, then makes the file appear atomically. */
  public StoredFile finish() {
    if (declaredSize >= 0 && received != declaredSize) {
      throw abortWith(ProblemException.invalidArgument("upload of " + path.quoted() + " ended after "
          + received + " bytes; its header declared " + declaredSize).at("header.size"));
    }
    try {
      store.commit(temp, folder, path);
      return new StoredFile(received, sha256.hex());
    } catch (IOException e) {
      throw abortWith(IoFailures.toProblem(e, "uploading", path, store.root()));
    } catch (RuntimeException e) {
      throw abortWith(e);
    } finally {
      abort();
    }
  }

  /** Deletes the temp file (unless committed) and releases the folder; idempotent. */
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    temp.discard();
    FileStore.closeQuietly(folder);
  }

  @Override
  public void close() {
    abort();
  }

  private RuntimeException abortWith(RuntimeException failure) {
    abort();
    return failure;
  }
}
