"""A raw HTTP/2 connection for abuse tests: frames as bytes, built with hyperframe and hpack,
so a test can send what no well-behaved client library would (bad prefaces, oversized frames,
floods, lying length prefixes) and read what the server answers, bounded by a deadline."""

from __future__ import annotations

import socket
import time

import hpack
from hyperframe.frame import (
    ContinuationFrame,
    DataFrame,
    Frame,
    GoAwayFrame,
    HeadersFrame,
    RstStreamFrame,
    SettingsFrame,
)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
PROTOCOL_ERROR = 0x1
ENHANCE_YOUR_CALM = 0xB
FRAME_SIZE_ERROR = 0x6


class RawConnection:
    """One TCP connection speaking HTTP/2 frame by frame."""

    def __init__(self, address: str, timeout: float = 10.0) -> None:
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.timeout = timeout
        self.buffer = b""
        self.closed = False
        self.encoder = hpack.Encoder()
        self.decoder = hpack.Decoder()

    def __enter__(self) -> RawConnection:
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()

    def send(self, data: bytes) -> bool:
        """Sends bytes; False when the server has already closed the connection."""
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError):
            self.closed = True
            return False

    def start(self) -> None:
        """The client preface and an empty SETTINGS frame."""
        self.send(PREFACE + SettingsFrame(0).serialize())

    def grpc_headers(self, stream_id: int, path: str, end_headers: bool = True) -> bytes:
        block = self.encoder.encode([
            (":method", "POST"), (":scheme", "http"), (":path", path),
            (":authority", "localhost"), ("content-type", "application/grpc"), ("te", "trailers"),
        ])
        frame = HeadersFrame(stream_id, data=block)
        if end_headers:
            frame.flags.add("END_HEADERS")
        return frame.serialize()

    @staticmethod
    def grpc_message(stream_id: int, length: int, body: bytes, end_stream: bool = True) -> bytes:
        """One DATA frame holding a gRPC length prefix (which may lie) and a body."""
        frame = DataFrame(stream_id, data=b"\x00" + length.to_bytes(4, "big") + body)
        if end_stream:
            frame.flags.add("END_STREAM")
        return frame.serialize()

    @staticmethod
    def continuation(stream_id: int, block: bytes) -> bytes:
        return ContinuationFrame(stream_id, data=block).serialize()

    @staticmethod
    def rst(stream_id: int) -> bytes:
        return RstStreamFrame(stream_id, error_code=0x8).serialize()

    def read_frames(self, until, deadline_seconds: float = 10.0) -> list[Frame]:
        """Frames the server sends until until(frames) holds, the connection closes, or the
        deadline passes."""
        frames: list[Frame] = []
        end = time.monotonic() + deadline_seconds
        while not until(frames) and not self.closed and time.monotonic() < end:
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                self.closed = True
                break
            self.buffer += chunk
            while len(self.buffer) >= 9:
                frame, length = Frame.parse_frame_header(memoryview(self.buffer[:9]))
                if len(self.buffer) < 9 + length:
                    break
                frame.parse_body(memoryview(self.buffer[9:9 + length]))
                self.buffer = self.buffer[9 + length:]
                frames.append(frame)
        return frames

    def grpc_status(self, frames: list[Frame], stream_id: int) -> tuple[int, str] | None:
        """(grpc-status, grpc-message) from the stream's header blocks, if the server sent them."""
        for frame in frames:
            if isinstance(frame, HeadersFrame):
                headers = dict(self.decoder.decode(frame.data))
                if frame.stream_id == stream_id and "grpc-status" in headers:
                    return int(headers["grpc-status"]), headers.get("grpc-message", "")
        return None


def goaway(frames: list[Frame]) -> GoAwayFrame | None:
    return next((f for f in frames if isinstance(f, GoAwayFrame)), None)


def ended(stream_id: int):
    """A read_frames condition: the stream got its trailers or a reset, or the connection died."""
    def done(frames: list[Frame]) -> bool:
        return any(f.stream_id == stream_id and ("END_STREAM" in f.flags
                                                 or isinstance(f, RstStreamFrame))
                   for f in frames if isinstance(f, (HeadersFrame, RstStreamFrame))) \
            or goaway(frames) is not None
    return done
