"""Client of ``/muxs.FileController``: whole-file Read/Write, streaming Upload/Download, List."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import grpc

from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure
from polyglot_interop.gen import muxs_pb2, muxs_pb2_grpc

logger = logging.getLogger(__name__)

#: Bytes per Upload message: big enough to keep per-message overhead small, far below any
#: server's message limit (4 MiB by default in gRPC).
CHUNK_SIZE = 1 << 20

#: Called with the number of bytes just sent or received (e.g. a progress bar's ``update``).
Progress = Callable[[int], object]  # called with each chunk's byte count; its result is ignored


def _no_progress(_: int) -> None:
    pass


class FileClient(Client):
    """Calls ``muxs.FileController``. Paths are relative, '/'-separated, under the server's root."""

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(timeout)
        self._stub = muxs_pb2_grpc.FileControllerStub(channel)

    def read(self, filename: str, *, timeout: float | None = None) -> str:
        """The whole file as text (UTF-8). Large or binary files: use ``download_*``."""
        with logged_failure("muxs.FileController/Read"):
            reply = self._stub.Read(muxs_pb2.Files(filename=filename), timeout=self._deadline(timeout))
        return reply.text

    def write(self, filename: str, text: str, *, timeout: float | None = None) -> int:
        """Atomically replaces the file with text (creating folders); returns the reply code, 0."""
        with logged_failure("muxs.FileController/Write"):
            reply = self._stub.Write(muxs_pb2.Files(filename=filename, text=text),
                                     timeout=self._deadline(timeout))
        return reply.code

    def list(self, path: str = "", *, timeout: float | None = None) -> list[muxs_pb2.FileEntry]:
        """The entries of one folder ("" = the root), sorted by name."""
        with logged_failure("muxs.FileController/List"):
            reply = self._stub.List(muxs_pb2.ListRequest(path=path), timeout=self._deadline(timeout))
        return list(reply.entries)

    def upload(self, filename: str, source: BinaryIO, size: int | None = None, *,
               chunk_size: int = CHUNK_SIZE, progress: Progress = _no_progress,
               timeout: float | None = None) -> muxs_pb2.UploadReply:
        """Streams source's bytes into filename; the file appears only if the whole stream lands.

        When size is given the server checks it (a mismatch fails the upload, INVALID_ARGUMENT).
        Returns the server's size and SHA-256 of what it stored.
        """
        def requests() -> Iterator[muxs_pb2.UploadRequest]:
            yield muxs_pb2.UploadRequest(
                header=muxs_pb2.UploadHeader(filename=filename, size=size or 0))
            # Read lazily: gRPC pulls the next chunk only when flow control lets it send, so a
            # file of any size streams in constant memory.
            while chunk := source.read(chunk_size):
                yield muxs_pb2.UploadRequest(chunk=chunk)
                progress(len(chunk))

        with logged_failure("muxs.FileController/Upload"):
            return self._stub.Upload(requests(), timeout=self._deadline(timeout))

    def upload_file(self, filename: str, path: str | os.PathLike[str], **kwargs: Any) -> muxs_pb2.UploadReply:
        """Uploads a local file (its size is sent, so the server verifies it)."""
        with open(path, "rb") as source:
            return self.upload(filename, source, os.fstat(source.fileno()).st_size, **kwargs)

    def download(self, filename: str, *, offset: int = 0,
                 timeout: float | None = None) -> Iterator[muxs_pb2.Chunk]:
        """The raw Download stream: an iterator of chunks that is also a ``grpc.Call``.

        ``cancel()`` on it stops the transfer (the server stops reading the file).
        """
        return self._stub.Download(muxs_pb2.DownloadRequest(filename=filename, offset=offset),
                                   timeout=self._deadline(timeout))

    def download_bytes(self, filename: str, *, offset: int = 0,
                       timeout: float | None = None) -> bytes:
        """The whole file (from offset) in memory: for files known to be small."""
        with logged_failure("muxs.FileController/Download"):
            return b"".join(c.data for c in self.download(filename, offset=offset, timeout=timeout))

    def download_file(self, filename: str, dest: str | os.PathLike[str], *,
                      progress: Progress = _no_progress, timeout: float | None = None) -> int:
        """Saves filename to dest; returns the byte count.

        Writes a temporary file beside dest and renames it only when the stream ended OK, so a
        failed or interrupted download never leaves a torn dest.
        """
        dest = Path(dest)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        total = 0
        try:
            with os.fdopen(fd, "wb") as out, logged_failure("muxs.FileController/Download"):
                for chunk in self.download(filename, timeout=timeout):
                    out.write(chunk.data)
                    total += len(chunk.data)
                    progress(len(chunk.data))
            os.replace(tmp, dest)
        except BaseException:
            os.unlink(tmp)
            raise
        logger.info("downloaded %s (%d bytes) to %s", filename, total, dest)
        return total
