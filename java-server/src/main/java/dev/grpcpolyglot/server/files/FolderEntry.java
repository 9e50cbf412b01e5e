package dev.grpcpolyglot.server.files;

/**
 * One entry of a listed folder.
 *
 * @param name one path segment
 * @param size bytes of a file; 0 for a folder
 * @param isDirectory true for a folder
 */
public record FolderEntry(String name, long size, boolean isDirectory) {}
