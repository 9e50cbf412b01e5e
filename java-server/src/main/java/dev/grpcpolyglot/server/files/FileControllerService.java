package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;

/**
 * {@code muxs.FileController}. Registered so health and reflection list it; its methods answer
 * UNIMPLEMENTED until the file store lands (issue 3).
 */
public final class FileControllerService extends FileControllerGrpc.FileControllerImplBase {
  public FileControllerService(FilesConfig config) {}
}
