package dev.grpcpolyglot.client.addressbook;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.grpcpolyglot.proto.tutorial.AddressBook;
import dev.grpcpolyglot.proto.tutorial.Person;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/**
 * The protocol buffers tutorial's address book file (one serialized {@code tutorial.AddressBook}),
 * read and written as the Python and Go CLIs do: the same checks, the same list format,
 * byte-compatible files, and fields of a newer schema kept on rewrite (protobuf keeps unknown
 * fields).
 */
public final class AddressBookFile {
  private static final Map<Person.PhoneType, String> PHONE_LABELS = Map.of(
      Person.PhoneType.PHONE_TYPE_MOBILE, "Mobile phone #",
      Person.PhoneType.PHONE_TYPE_HOME, "Home phone #",
      Person.PhoneType.PHONE_TYPE_WORK, "Work phone #");

  private AddressBookFile() {}

  /**
   * The book in {@code file}; a missing file is an empty book. A file that does not parse
   * (truncated, corrupt, not an address book) is an {@link AddressBookException} naming it, and
   * is left as it is.
   */
  public static AddressBook load(Path file) throws IOException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return AddressBook.getDefaultInstance();
    }
    try {
      return AddressBook.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new AddressBookException(file + " is not a valid address book (" + data.length
          + " bytes; truncated or corrupt?): " + e.getMessage() + "; the file was left unchanged");
    }
  }

  /** One more than the largest id in the book (1 for an empty book). */
  public static int nextId(AddressBook book) {
    return book.getPeopleList().stream().mapToInt(Person::getId).max().orElse(0) + 1;
  }

  /** The book with {@code person} appended, unless someone in it has the same id. */
  public static AddressBook add(AddressBook book, Person person) {
    for (Person existing : book.getPeopleList()) {
      if (existing.getId() == person.getId()) {
        throw new AddressBookException("person ID " + existing.getId()
            + " is already in the address book (" + existing.getName() + ")");
      }
    }
    return book.toBuilder().addPeople(person).build();
  }

  /**
   * Writes atomically: a temporary file in the same folder, forced to disk, then renamed over
   * {@code file}, so a crash leaves the old book or the new one, never half of one.
   */
  public static void save(Path file, AddressBook book) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(folder, "." + file.getFileName() + ".tmp-", "");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        book.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp); // a no-op once moved
    }
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true); // makes the rename itself durable
    }
  }

  /** "NUMBER:mobile|home|work" (the type after the last colon). */
  public static Person.PhoneNumber parsePhone(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("phone '" + value + "': want NUMBER:mobile|home|work");
    }
    String kind = value.substring(colon + 1).toLowerCase(Locale.ROOT);
    Person.PhoneType type = switch (kind) {
      case "mobile" -> Person.PhoneType.PHONE_TYPE_MOBILE;
      case "home" -> Person.PhoneType.PHONE_TYPE_HOME;
      case "work" -> Person.PhoneType.PHONE_TYPE_WORK;
      default -> throw new IllegalArgumentException("phone '" + value + "': type '"
          + value.substring(colon + 1) + "' is not mobile, home or work");
    };
    return Person.PhoneNumber.newBuilder().setNumber(value.substring(0, colon)).setType(type)
        .build();
  }

  /** Every person in the tutorial's list_people format. */
  public static String listing(AddressBook book) {
    StringBuilder text = new StringBuilder();
    for (Person person : book.getPeopleList()) {
      text.append("Person ID: ").append(person.getId()).append('\n');
      text.append("  Name: ").append(person.getName()).append('\n');
      if (!person.getEmail().isEmpty()) {
        text.append("  E-mail address: ").append(person.getEmail()).append('\n');
      }
      for (Person.PhoneNumber phone : person.getPhonesList()) {
        text.append("  ").append(PHONE_LABELS.getOrDefault(phone.getType(), "Phone #"))
            .append(": ").append(phone.getNumber()).append('\n');
      }
    }
    return text.toString();
  }
}
