package dev.grpcpolyglot.server.security;

/** A credential was presented and rejected; the message says why and never contains it. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
