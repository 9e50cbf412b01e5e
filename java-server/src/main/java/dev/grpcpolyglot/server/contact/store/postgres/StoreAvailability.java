package dev.grpcpolyglot.server.contact.store.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Whether the task database answers, as last found out, and who wants to hear of changes. */
final class StoreAvailability {
  private final List<Consumer<Boolean>> listeners = new ArrayList<>();
  private boolean available = true;

  synchronized boolean available() {
    return available;
  }

  /** Records what the last probe found; tells the listeners when it changed. */
  synchronized void set(boolean now) {
    if (available == now) {
      return;
    }
    available = now;
    listeners.forEach(listener -> listener.accept(now));
  }

  synchronized void watch(Consumer<Boolean> listener) {
    listeners.add(listener);
    listener.accept(available);
  }
}
