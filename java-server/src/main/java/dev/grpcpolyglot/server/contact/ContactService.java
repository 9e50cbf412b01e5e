package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ContactGrpc;

/**
 * {@code Contact}. Registered so health and reflection list it; its methods answer
 * UNIMPLEMENTED until the task queue lands (issue 5).
 */
public final class ContactService extends ContactGrpc.ContactImplBase {
  public ContactService(ContactConfig config) {}
}
