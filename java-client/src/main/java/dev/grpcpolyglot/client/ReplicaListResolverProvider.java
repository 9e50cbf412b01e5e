package dev.grpcpolyglot.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resolves {@code polyglot-replicas:///h1:p1,h2:p2} to those addresses, one group each, so the
 * load balancer sees every replica (grpc-java has no built-in scheme for a fixed list).
 */
final class ReplicaListResolverProvider extends NameResolverProvider {
  static final String SCHEME = "polyglot-replicas";
  private static final AtomicBoolean registered = new AtomicBoolean();

  static void registerOnce(NameResolverRegistry registry) {
    if (registered.compareAndSet(false, true)) {
      registry.register(new ReplicaListResolverProvider());
    }
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null;
    }
    String list = targetUri.getPath().substring(1);
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        // The first replica's host: what TLS checks and :authority carry (--server-name overrides).
        return list.split(",", -1)[0].trim();
      }

      @Override
      public void start(Listener2 listener) {
        try {
          listener.onResult(ResolutionResult.newBuilder()
              .setAddressesOrError(io.grpc.StatusOr.fromValue(groups(list))).build());
        } catch (IllegalArgumentException e) {
          listener.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
      }

      @Override
      public void shutdown() {}
    };
  }

  /** One address group per {@code host:port} entry ({@code [v6]:port} for IPv6). */
  static List<EquivalentAddressGroup> groups(String list) {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String entry : list.split(",", -1)) {
      String trimmed = entry.trim();
      int colon = trimmed.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("replica '" + trimmed + "' is not HOST:PORT");
      }
      String host = trimmed.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(trimmed.substring(colon + 1));
      SocketAddress address = new InetSocketAddress(host, port);
      groups.add(new EquivalentAddressGroup(address));
    }
    return groups;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }
}
