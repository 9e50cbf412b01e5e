package dev.grpcpolyglot.server.contact.queue;

import java.util.List;

/** Task ids on the wire: a positive number in canonical decimal form, for every store. */
public final class TaskIds {
  private TaskIds() {}

  /** The wire form of a task id. */
  public static String format(long id) {
    return Long.toString(id);
  }

  /** The ids of {@code count} consecutive tasks from {@code first}, in wire form. */
  public static List<String> formatAll(long first, int count) {
    String[] ids = new String[count];
    for (int i = 0; i < count; i++) {
      ids[i] = format(first + i);
    }
    return List.of(ids);
  }

  /** The id, or null when the text is not an id a store could have issued (canonical form). */
  public static Long parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 19 || text.charAt(0) == '0'
        || text.charAt(0) == '+' || text.charAt(0) == '-') {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
