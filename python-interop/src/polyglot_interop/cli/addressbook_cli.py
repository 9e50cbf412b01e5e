"""``python -m polyglot_interop addressbook add|list``: the protobuf tutorial's add_person and
list_people on a local file (no server). Exit status: 1 when the file cannot be used, 2 on usage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from polyglot_interop import addressbook
from polyglot_interop.gen import addressbook_pb2

FAILED, USAGE_ERROR = 1, 2
MAX_ID = 2**31 - 1


def _phone(value: str) -> addressbook_pb2.Person.PhoneNumber:
    try:
        return addressbook.parse_phone(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m polyglot_interop addressbook")
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="add a person (creates FILE if missing)")
    add.add_argument("--id", type=int, help="unique ID (default: one more than the largest)")
    add.add_argument("--name", required=True)
    add.add_argument("--email", default="")
    add.add_argument("--phone", action="append", default=[], type=_phone,
                     metavar="NUMBER:mobile|home|work", help="repeatable")
    add.add_argument("file", type=Path, metavar="FILE")
    listing = sub.add_parser("list", help="print everyone in the tutorial's format")
    listing.add_argument("file", type=Path, metavar="FILE")
    return p


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.action == "add" and args.id is not None and not 0 <= args.id <= MAX_ID:
        parser.error(f"--id {args.id} is outside 0..{MAX_ID}")
    try:
        book = addressbook.load(args.file)
        if args.action == "list":
            sys.stdout.write(addressbook.listing(book))
            return 0
        person = addressbook.Person(id=args.id or addressbook.next_id(book), name=args.name,
                                    email=args.email, phones=args.phone)
        person.last_updated.GetCurrentTime()
        try:
            addressbook.add(book, person)
        except addressbook.AddressBookError as e:
            raise addressbook.AddressBookError(f"{e}; {args.file} was left unchanged") from None
        addressbook.save(args.file, book)
    except (addressbook.AddressBookError, OSError) as e:
        print(f"addressbook: {e}", file=sys.stderr)
        return FAILED
    print(f"added person ID {person.id} ({person.name}) to {args.file}")
    return 0
