package dev.grpcpolyglot.server.files;

/**
 * What an upload stored.
 *
 * @param size bytes written
 * @param sha256 lower-case hex SHA-256 of those bytes
 */
public record StoredFile(long size, String sha256) {}
