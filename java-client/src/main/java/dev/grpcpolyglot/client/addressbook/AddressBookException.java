package dev.grpcpolyglot.client.addressbook;

/** The address book cannot be used as asked; the message names the file or the person. */
public final class AddressBookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AddressBookException(String message) {
    super(message);
  }
}
