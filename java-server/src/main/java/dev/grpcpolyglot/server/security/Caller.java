package dev.grpcpolyglot.server.security;

import io.grpc.Context;
import java.util.Set;

/**
 * Who is calling, once authenticated: a name for logs (never the credential) and the scopes the
 * credential grants. Services can read it with {@code Caller.CURRENT.get()} (null when auth is off).
 *
 * @param name the token's name in the token file, or the JWT's {@code sub}
 * @param scopes what the credential grants, e.g. {@code files:read}
 */
public record Caller(String name, Set<String> scopes) {
  /** The authenticated caller of the current call. */
  public static final Context.Key<Caller> CURRENT = Context.key("polyglot-caller");

  public Caller {
    scopes = Set.copyOf(scopes);
  }
}
