package dev.grpcpolyglot.client;

import java.util.Locale;

/**
 * What the sample worker does with a task text, matching the server's demo producer:
 * {@code reverse WORD}, {@code upper WORD}, {@code sum N N ...}; anything else is echoed as done.
 */
public final class TaskWork {
  private TaskWork() {}

  public static String perform(String task) {
    int space = task.indexOf(' ');
    String verb = space < 0 ? task : task.substring(0, space);
    String argument = space < 0 ? "" : task.substring(space + 1).trim();
    return switch (verb) {
      case "reverse" -> new StringBuilder(argument).reverse().toString();
      case "upper" -> argument.toUpperCase(Locale.ROOT);
      case "sum" -> sum(argument);
      default -> "done: " + task;
    };
  }

  private static String sum(String numbers) {
    long total = 0;
    for (String part : numbers.split("\\s+", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        total += Long.parseLong(part);
      } catch (NumberFormatException e) {
        return "error: '" + part + "' is not a whole number";
      }
    }
    return Long.toString(total);
  }
}
