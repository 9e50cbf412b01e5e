"""The protobuf tutorial's address book across languages: each CLI (the Java client jar, the Go
client built from go-interop, this package) adds to and lists the same file, as a person runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from servers import REPO

from polyglot_interop.gen import addressbook_pb2

CLIENT_JAR = REPO / "java-client" / "target" / "polyglot-client.jar"
# A field number the tutorial's schema does not have, as a newer version of it would write.
NEWER_FIELD = b"\x82\x06\x1cfield 96 of a newer schema!!"  # tag 96, wire type 2, 28 bytes


@pytest.fixture(scope="session")
def clis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The addressbook command of each language, by language name."""
    if not CLIENT_JAR.is_file():
        raise FileNotFoundError(f"{CLIENT_JAR} is missing: run scripts/build")
    go_client = tmp_path_factory.mktemp("go") / "client"
    subprocess.run(["go", "build", "-o", str(go_client), "./cmd/client"], cwd=REPO / "go-interop",
                   check=True, timeout=600)
    return {
        "java": ["java", "-jar", str(CLIENT_JAR), "addressbook"],
        "python": [sys.executable, "-m", "polyglot_interop", "addressbook"],
        "go": [str(go_client), "addressbook"],
    }


def run(command: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)


def add(command: list[str], book: Path, *flags: str) -> None:
    result = run(command, "add", *flags, str(book))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("added person ID "), result.stdout


EXPECTED_LIST = """\
Person ID: 1
  Name: Ada Lovelace
  E-mail address: ada@example.com
  Mobile phone #: +44 20 7946 0018
Person ID: 2
  Name: Guido
  Home phone #: 555-0100
  Work phone #: 555-0199
Person ID: 42
  Name: Gopher
  E-mail address: gopher@example.com
"""


def test_a_person_added_by_each_language_is_listed_identically_by_all(
        clis: dict[str, list[str]], tmp_path: Path) -> None:
    book = tmp_path / "book.bin"
    add(clis["java"], book, "--name", "Ada Lovelace", "--email", "ada@example.com",
        "--phone", "+44 20 7946 0018:mobile")
    add(clis["python"], book, "--name", "Guido", "--phone", "555-0100:home",
        "--phone", "555-0199:work")
    add(clis["go"], book, "--id", "42", "--name", "Gopher", "--email", "gopher@example.com")
    for language, command in clis.items():
        listed = run(command, "list", str(book))
        assert listed.returncode == 0, f"{language}: {listed.stderr}"
        assert listed.stdout == EXPECTED_LIST, f"{language} lists it differently"
    people = addressbook_pb2.AddressBook.FromString(book.read_bytes()).people
    assert all(p.last_updated.seconds > 0 for p in people), "every writer sets last_updated"
    assert os.listdir(tmp_path) == ["book.bin"], "no temporary file left behind"


def test_a_duplicate_id_is_refused_by_every_language(clis: dict[str, list[str]],
                                                     tmp_path: Path) -> None:
    book = tmp_path / "book.bin"
    add(clis["go"], book, "--id", "7", "--name", "Bob")
    before = book.read_bytes()
    for language, command in clis.items():
        result = run(command, "add", "--id", "7", "--name", "Eve", str(book))
        assert result.returncode == 1, f"{language}: {result.stdout}"
        assert "person ID 7 is already in the address book (Bob)" in result.stderr, language
        assert book.read_bytes() == before, f"{language} changed the book"


def test_fields_of_a_newer_schema_survive_every_language_rewriting_the_file(
        clis: dict[str, list[str]], tmp_path: Path) -> None:
    book = tmp_path / "book.bin"
    newer_person = addressbook_pb2.Person(id=1, name="From the future").SerializeToString()
    newer_person += NEWER_FIELD
    book.write_bytes(b"\x0a" + bytes([len(newer_person)]) + newer_person)
    for n, command in enumerate(clis.values(), start=2):
        add(command, book, "--id", str(n), "--name", f"Person {n}")
        data = book.read_bytes()
        assert NEWER_FIELD in data, f"{command[0]} dropped the newer schema's field"
    people = addressbook_pb2.AddressBook.FromString(book.read_bytes()).people
    assert [p.id for p in people] == [1, 2, 3, 4]


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_file_is_refused_and_never_overwritten(clis: dict[str, list[str]],
                                                         tmp_path: Path, damage: str) -> None:
    book = tmp_path / "book.bin"
    good = addressbook_pb2.AddressBook(people=[
        addressbook_pb2.Person(id=1, name="Ada Lovelace", email="ada@example.com")])
    data = good.SerializeToString()
    book.write_bytes(data[:-5] if damage == "truncated" else b"\xff\xff\xff" + data)
    before = book.read_bytes()
    for language, command in clis.items():
        for args in (["list", str(book)], ["add", "--name", "Eve", str(book)]):
            result = run(command, *args)
            assert result.returncode == 1, f"{language} {args[0]}: {result.stdout}"
            assert f"{book} is not a valid address book" in result.stderr, (language, result.stderr)
            assert book.read_bytes() == before, f"{language} {args[0]} touched the damaged file"
    assert os.listdir(tmp_path) == ["book.bin"]


def test_every_language_replaces_the_book_by_rename_never_in_place(
        clis: dict[str, list[str]], tmp_path: Path) -> None:
    # A hard link keeps pointing at the old file: an in-place write would change what it reads,
    # a temporary file renamed over the book leaves it whole.
    book = tmp_path / "book.bin"
    for n, command in enumerate(clis.values(), start=1):
        add(command, book, "--id", str(n), "--name", f"Person {n}")
        old = tmp_path / f"link-{n}"
        os.link(book, old)
        before = old.read_bytes()
        add(command, book, "--id", str(10 + n), "--name", f"Later {n}")
        assert old.read_bytes() == before, f"{command[0]} rewrote the book in place"
        assert book.stat().st_ino != old.stat().st_ino
        old.unlink()
