"""The protocol buffers tutorial's address book file (one serialized ``tutorial.AddressBook``).

Read and written as the Java and Go CLIs do: the same checks, the same list format, byte-compatible
files, and fields of a newer schema kept when the book is rewritten (protobuf keeps unknown fields).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from google.protobuf.message import DecodeError

from polyglot_interop.gen import addressbook_pb2

Person = addressbook_pb2.Person
PHONE_TYPES = {"mobile": Person.PHONE_TYPE_MOBILE, "home": Person.PHONE_TYPE_HOME,
               "work": Person.PHONE_TYPE_WORK}
PHONE_LABELS = {Person.PHONE_TYPE_MOBILE: "Mobile phone #", Person.PHONE_TYPE_HOME: "Home phone #",
                Person.PHONE_TYPE_WORK: "Work phone #"}


class AddressBookError(Exception):
    """The book cannot be used as asked; the message names the file or the person."""


def load(path: Path) -> addressbook_pb2.AddressBook:
    """The book in path; a missing file is an empty book. A file that does not parse (truncated,
    corrupt, not an address book) raises AddressBookError and is left as it is."""
    book = addressbook_pb2.AddressBook()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return book
    try:
        book.ParseFromString(data)
    except DecodeError as e:
        raise AddressBookError(
            f"{path} is not a valid address book ({len(data)} bytes; truncated or corrupt?): {e}; "
            "the file was left unchanged") from None
    return book


def next_id(book: addressbook_pb2.AddressBook) -> int:
    """One more than the largest id in the book (1 for an empty book)."""
    return max((p.id for p in book.people), default=0) + 1


def add(book: addressbook_pb2.AddressBook, person: Person) -> None:
    """Appends person unless someone in the book has the same id."""
    for existing in book.people:
        if existing.id == person.id:
            raise AddressBookError(
                f"person ID {existing.id} is already in the address book ({existing.name})")
    book.people.append(person)


def save(path: Path, book: addressbook_pb2.AddressBook) -> None:
    """Writes atomically: a temporary file in the same folder, flushed to disk, then renamed over
    path, so a crash leaves the old book or the new one, never half of one."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(book.SerializeToString())
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # makes the rename itself durable
    finally:
        os.close(dir_fd)


def parse_phone(value: str) -> Person.PhoneNumber:
    """``NUMBER:mobile|home|work`` (the type after the last colon)."""
    number, colon, kind = value.rpartition(":")
    if not colon or not number:
        raise ValueError(f"phone {value!r}: want NUMBER:mobile|home|work")
    if kind.lower() not in PHONE_TYPES:
        raise ValueError(f"phone {value!r}: type {kind!r} is not mobile, home or work")
    return Person.PhoneNumber(number=number, type=PHONE_TYPES[kind.lower()])


def listing(book: addressbook_pb2.AddressBook) -> str:
    """Every person in the tutorial's list_people format."""
    lines = []
    for person in book.people:
        lines.append(f"Person ID: {person.id}")
        lines.append(f"  Name: {person.name}")
        if person.email:
            lines.append(f"  E-mail address: {person.email}")
        for phone in person.phones:
            lines.append(f"  {PHONE_LABELS.get(phone.type, 'Phone #')}: {phone.number}")
    return "".join(line + "\n" for line in lines)
