package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.ProblemException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
  private final MessageDigest sha256 = newSha256();
  private long received;
  private boolean closed;

  Upload(FileStore store, FilePath path, SecureDirectoryStream<Path> folder, TempFile temp,
      long declaredSize) {
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
      for (ByteBuffer piece : data) {
        sha256.update(piece.duplicate());
      }
      temp.write(data);
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
      return new StoredFile(received, HexFormat.of().formatHex(sha256.digest()));
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

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
