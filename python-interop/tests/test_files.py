"""FileController against the Java server: every RPC, every error row, 64 MiB streamed both ways."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from checks import eventually, expect_status

from polyglot_interop.clients import FileClient, HelloClient
from polyglot_interop.gen import muxs_pb2, muxs_pb2_grpc

MIB = 1 << 20


@pytest.fixture
def files(channel: grpc.Channel) -> FileClient:
    return FileClient(channel, timeout=120)


@pytest.fixture
def folder() -> str:
    """A folder of its own for each test: the session server's root is shared."""
    return f"t-{uuid.uuid4().hex[:12]}"




def test_write_then_read(files: FileClient, folder: str) -> None:
    text = "héllo, wörld ✓\nsecond line\n"
    assert files.write(f"{folder}/note.txt", text) == 0
    assert files.read(f"{folder}/note.txt") == text


def test_write_replaces_the_whole_file(files: FileClient, folder: str) -> None:
    files.write(f"{folder}/f.txt", "a much longer first version")
    files.write(f"{folder}/f.txt", "short")
    assert files.read(f"{folder}/f.txt") == "short"


def test_write_creates_missing_folders_and_list_shows_them(files: FileClient, folder: str) -> None:
    files.write(f"{folder}/a/b/c.txt", "deep")
    files.write(f"{folder}/z.txt", "12345")
    entries = [(e.name, e.size, e.is_dir) for e in files.list(folder)]
    assert entries == [("a", 0, True), ("z.txt", 5, False)]
    assert [(e.name, e.is_dir) for e in files.list(f"{folder}/a")] == [("b", True)]
    assert files.read(f"{folder}/a/b/c.txt") == "deep"


def test_list_is_sorted_by_name(files: FileClient, folder: str) -> None:
    for name in ["b.txt", "a.txt", "c.txt", "aa.txt"]:
        files.write(f"{folder}/{name}", name)
    assert [e.name for e in files.list(folder)] == ["a.txt", "aa.txt", "b.txt", "c.txt"]


def test_list_of_the_root_includes_our_folder(files: FileClient, folder: str) -> None:
    files.write(f"{folder}/x.txt", "x")
    assert (folder, True) in [(e.name, e.is_dir) for e in files.list("")]


BAD_NAMES = {
    "empty": "",
    "absolute": "/etc/passwd",
    "dot-dot segment": "a/../b.txt",
    "only dot-dot": "..",
    "NUL": "a\x00b.txt",
    "backslash": "a\\b.txt",
    "over 4096 bytes": "a/" * 2048 + "b",
}


def _calls(files: FileClient, name: str) -> dict:
    return {
        "Read": lambda: files.read(name),
        "Write": lambda: files.write(name, "x"),
        "Upload": lambda: files.upload(name, io.BytesIO(b"x"), 1),
        "Download": lambda: files.download_bytes(name),
        "List": lambda: files.list(name),
    }


@pytest.mark.parametrize("method, kind", [
    (method, kind) for method in ["Read", "Write", "Upload", "Download", "List"] for kind in BAD_NAMES
    if (method, kind) != ("List", "empty")  # List("") is the root: a valid request
])
def test_bad_names_are_invalid_argument(files: FileClient, method: str, kind: str) -> None:
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, _calls(files, BAD_NAMES[kind])[method])


@pytest.mark.parametrize("method", ["Read", "Write", "Upload", "Download", "List"])
def test_paths_through_a_symlink_out_of_the_root_are_permission_denied(
        files: FileClient, files_root: Path, folder: str, tmp_path: Path, method: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (files_root / folder).mkdir()
    (files_root / folder / "escape").symlink_to(outside, target_is_directory=True)
    target = f"{folder}/escape" if method == "List" else f"{folder}/escape/secret.txt"
    expect_status(grpc.StatusCode.PERMISSION_DENIED, _calls(files, target)[method])
    assert (outside / "secret.txt").read_text() == "secret"
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]


def test_a_symlinked_file_pointing_out_of_the_root_is_permission_denied(
        files: FileClient, files_root: Path, folder: str, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    (files_root / folder).mkdir()
    (files_root / folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    expect_status(grpc.StatusCode.PERMISSION_DENIED, lambda: files.read(f"{folder}/link.txt"))


def test_read_of_a_missing_file_is_not_found(files: FileClient, folder: str) -> None:
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: files.read(f"{folder}/missing.txt"))
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: files.download_bytes(f"{folder}/missing.txt"))


def test_read_of_a_folder_is_failed_precondition_naming_what_to_use(files: FileClient, folder: str) -> None:
    files.write(f"{folder}/sub/x.txt", "x")
    error = expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: files.read(f"{folder}/sub"))
    # A folder is listed rather than downloaded: either method is a fair pointer.
    assert "List" in error.details() or "Download" in error.details()


def test_read_of_bytes_that_are_not_utf8_names_download(files: FileClient, folder: str) -> None:
    data = b"\xff\xfe\x00binary\x80"
    files.upload(f"{folder}/blob.bin", io.BytesIO(data), len(data))
    error = expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: files.read(f"{folder}/blob.bin"))
    assert "Download" in error.details()
    assert files.download_bytes(f"{folder}/blob.bin") == data


def test_read_of_a_file_too_large_for_one_message_names_download(files: FileClient, folder: str) -> None:
    data = b"a" * (5 * MIB)  # valid UTF-8, but over what one reply may carry to any client
    files.upload(f"{folder}/big.txt", io.BytesIO(data), len(data))
    error = expect_status(grpc.StatusCode.FAILED_PRECONDITION, lambda: files.read(f"{folder}/big.txt"))
    assert "Download" in error.details()


def test_64_mib_upload_and_download_are_byte_identical(
        files: FileClient, folder: str, tmp_path: Path) -> None:
    data = os.urandom(64 * MIB)
    source = tmp_path / "source.bin"
    source.write_bytes(data)
    sent: list[int] = []
    reply = files.upload_file(f"{folder}/64mib.bin", source, progress=sent.append)
    assert reply.size == len(data) == sum(sent)
    assert reply.sha256 == hashlib.sha256(data).hexdigest()
    assert [(e.name, e.size) for e in files.list(folder)] == [("64mib.bin", len(data))]

    dest = tmp_path / "copy.bin"
    received: list[int] = []
    assert files.download_file(f"{folder}/64mib.bin", dest, progress=received.append) == len(data)
    assert sum(received) == len(data)
    assert dest.read_bytes() == data


def test_download_from_an_offset_resumes(files: FileClient, folder: str) -> None:
    data = bytes(range(256)) * 1000
    files.upload(f"{folder}/r.bin", io.BytesIO(data), len(data))
    assert files.download_bytes(f"{folder}/r.bin", offset=1234) == data[1234:]
    assert files.download_bytes(f"{folder}/r.bin", offset=len(data)) == b""
    expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                  lambda: files.download_bytes(f"{folder}/r.bin", offset=len(data) + 1))


def test_upload_whose_size_does_not_match_leaves_nothing(files: FileClient, folder: str) -> None:
    files.write(f"{folder}/keep.txt", "old")
    expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                  lambda: files.upload(f"{folder}/keep.txt", io.BytesIO(b"12345"), 4))
    assert files.read(f"{folder}/keep.txt") == "old"
    expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                  lambda: files.upload(f"{folder}/new.bin", io.BytesIO(b"123"), 10))
    expect_status(grpc.StatusCode.NOT_FOUND, lambda: files.read(f"{folder}/new.bin"))




def test_an_interrupted_upload_leaves_no_file(
        channel: grpc.Channel, files: FileClient, files_root: Path, folder: str) -> None:
    files.write(f"{folder}/existing.txt", "old")
    chunks_sent = threading.Event()
    never = threading.Event()

    def requests() -> Iterator[muxs_pb2.UploadRequest]:
        yield muxs_pb2.UploadRequest(header=muxs_pb2.UploadHeader(filename=f"{folder}/existing.txt"))
        for _ in range(3):
            yield muxs_pb2.UploadRequest(chunk=b"n" * MIB)
        chunks_sent.set()
        never.wait(60)  # the client stalls mid-upload until the call is cancelled

    call = muxs_pb2_grpc.FileControllerStub(channel).Upload.future(requests(), timeout=60)
    assert chunks_sent.wait(30)
    call.cancel()
    never.set()
    assert call.cancelled()
    # The server drops its temp file once it sees the cancellation: nothing but the old file.
    assert eventually(lambda: sorted(p.name for p in (files_root / folder).iterdir())
                       == ["existing.txt"]), list((files_root / folder).iterdir())
    assert files.read(f"{folder}/existing.txt") == "old"


def test_cancelling_a_download_stream_stops_it(files: FileClient, channel: grpc.Channel,
                                               folder: str) -> None:
    data = os.urandom(32 * MIB)
    files.upload(f"{folder}/stream.bin", io.BytesIO(data), len(data))
    stream = files.download(f"{folder}/stream.bin")
    first = next(stream)
    assert 0 < len(first.data) < len(data)
    stream.cancel()
    with pytest.raises(grpc.RpcError) as failure:
        for _ in stream:
            pass
    assert failure.value.code() == grpc.StatusCode.CANCELLED
    assert stream.code() == grpc.StatusCode.CANCELLED
    assert HelloClient(channel).hello("still serving") == "hello:still serving"


def test_readers_see_the_old_or_the_new_file_never_a_mix(files: FileClient, folder: str) -> None:
    name = f"{folder}/atomic.txt"
    versions = ["A" * (2 * MIB), "B" * (3 * MIB // 2)]
    files.write(name, versions[0])
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            for i in range(40):
                files.write(name, versions[i % 2])
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            failures.append(e)

    thread = threading.Thread(target=writer)
    thread.start()
    seen = set()
    try:
        for _ in range(80):
            text = files.read(name)
            assert text in versions, f"torn read: {len(text)} chars, starts {text[:1]!r}, ends {text[-1:]!r}"
            seen.add(text[0])
    finally:
        thread.join(120)
    assert not failures
    assert seen <= {"A", "B"}
