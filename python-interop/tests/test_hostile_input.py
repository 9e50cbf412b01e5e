"""Hostile input against the Java server jar: malformed messages through grpcio (each fails only
its own call, with INVALID_ARGUMENT naming the message, and commits nothing), and raw HTTP/2
abuse (bad preface, oversized frame, reset flood, CONTINUATION flood, a 2 GB length prefix, a
truncated message, oversized header blocks and DATA past the window on many connections) after
which the server still answers, and logs no stack trace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from http2_raw import ENHANCE_YOUR_CALM, FRAME_SIZE_ERROR, PROTOCOL_ERROR, RawConnection, ended, goaway
from hyperframe.frame import DataFrame, HeadersFrame
from servers import RunningServer, start_java_server, stopped_cleanly

from polyglot_interop.clients import HelloClient
from polyglot_interop.gen import contact_pb2, muxs_pb2

TRUNCATED = bytes([0x0A, 0x05, 0x61, 0x62])  # field 1 claims 5 bytes, carries 2
HELLO = "/go_protoc.HelloService/Hello"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server of its own: these tests get connections cut on purpose."""
    running = start_java_server(tmp_path_factory.mktemp("hostile"))
    yield running
    stopped_cleanly(running)


@pytest.fixture(scope="module")
def channel(server: RunningServer) -> Iterator[grpc.Channel]:
    with server.channel() as ch:
        yield ch


def files_root(server: RunningServer) -> Path:
    return server.stderr_path.parent / "files"


def raw_stream(channel: grpc.Channel, method: str):
    return channel.stream_stream(method, request_serializer=None, response_deserializer=None)


def assert_answers(channel: grpc.Channel) -> None:
    assert HelloClient(channel).hello("still here") == "hello:still here"


def test_malformed_unary_request_is_invalid_argument_naming_the_problem(channel):
    call = channel.unary_unary(HELLO, request_serializer=None, response_deserializer=None)
    with pytest.raises(grpc.RpcError) as failure:
        call(TRUNCATED, timeout=10)
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failure.value.details().startswith(
        "request message 1 of go_protoc.HelloService/Hello: not a valid String: truncated")


def test_upload_with_a_bad_chunk_leaves_no_file(server, channel):
    header = muxs_pb2.UploadRequest(header=muxs_pb2.UploadHeader(filename="victim.bin"))
    chunk = muxs_pb2.UploadRequest(chunk=b"data|")
    messages = [header.SerializeToString(), chunk.SerializeToString(), bytes([0x12, 0x05, 0x61]),
                chunk.SerializeToString()]
    upload = channel.stream_unary("/muxs.FileController/Upload", request_serializer=None,
                                  response_deserializer=None)
    with pytest.raises(grpc.RpcError) as failure:
        upload(iter(messages), timeout=10)
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "request message 3 of muxs.FileController/Upload" in failure.value.details()
    assert not (files_root(server) / "victim.bin").exists()


def test_bad_message_ends_only_its_own_stream(channel):
    """A bad message on one sendStatus stream; another stream on the same channel carries on."""
    side = raw_stream(channel, "/Contact/sendStatus")
    side_requests = iter([contact_pb2.ClientMsg(msg=f"side {i}").SerializeToString()
                          for i in range(3)])
    side_replies = side(side_requests, timeout=20)
    bad = raw_stream(channel, "/Contact/sendStatus")
    with pytest.raises(grpc.RpcError) as failure:
        list(bad(iter([contact_pb2.ClientMsg(msg="hi").SerializeToString(), TRUNCATED]),
                 timeout=10))
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    replies = [contact_pb2.Result.FromString(r).ret for r in side_replies]
    assert replies == [f"server received: side {i}" for i in range(3)]


def test_bad_preface_is_a_protocol_error(server, channel):
    """RFC 9113 3.4: an invalid preface is a connection error of type PROTOCOL_ERROR; the server
    says so in a GOAWAY (Netty names the HTTP/1.x request it got) and closes the connection."""
    with RawConnection(server.address) as conn:
        conn.send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + b"\xff" * 64)
        frames = conn.read_frames(lambda frames: False, deadline_seconds=10)
        assert conn.closed
        refusal = goaway(frames)
        assert refusal is not None and refusal.error_code == PROTOCOL_ERROR, frames
        assert refusal.additional_data.startswith(b"Unexpected HTTP/1.x request: GET /")
    assert_answers(channel)


def test_oversized_frame_is_a_frame_size_error(server, channel):
    with RawConnection(server.address) as conn:
        conn.start()
        conn.send(conn.grpc_headers(1, HELLO))
        # A DATA frame header announcing 20,000 bytes: over the 16,384 default SETTINGS_MAX_FRAME_SIZE.
        conn.send((20_000).to_bytes(3, "big") + b"\x00\x00" + (1).to_bytes(4, "big") + b"\0" * 20_000)
        frames = conn.read_frames(lambda f: goaway(f) is not None)
        assert goaway(frames) is not None and goaway(frames).error_code == FRAME_SIZE_ERROR
    assert_answers(channel)


def test_reset_flood_gets_enhance_your_calm(server, channel):
    with RawConnection(server.address) as conn:
        conn.start()
        flood = b"".join(conn.grpc_headers(2 * i + 1, HELLO) + conn.rst(2 * i + 1)
                         for i in range(1_200))
        conn.send(flood)
        frames = conn.read_frames(lambda f: goaway(f) is not None)
        assert goaway(frames) is not None and goaway(frames).error_code == ENHANCE_YOUR_CALM
    assert_answers(channel)


def test_continuation_flood_is_cut_off(server, channel):
    """A header block that never ends is cut once it passes Netty's GOAWAY threshold for header
    lists (1.25 x --max-metadata-size, 8 KiB): a connection error (RFC 9113 10.5.1), GOAWAY
    PROTOCOL_ERROR naming the limit, instead of buffering the block."""
    with RawConnection(server.address) as conn:
        conn.start()
        conn.send(conn.grpc_headers(1, HELLO, end_headers=False))
        block = conn.encoder.encode([("x-flood", "a" * 8_000)])
        # Just past the threshold: sending more before reading could turn the server's close
        # into a reset that discards its GOAWAY.
        conn.send(conn.continuation(1, block) * (10_240 // len(block) + 2))
        frames = conn.read_frames(lambda f: goaway(f) is not None)
        refusal = goaway(frames)
        assert refusal is not None and refusal.error_code == PROTOCOL_ERROR, frames
        assert refusal.additional_data == b"Header size exceeded max allowed size (10240)"
    assert_answers(channel)


def test_two_gigabyte_length_prefix_is_resource_exhausted(server, channel):
    with RawConnection(server.address) as conn:
        conn.start()
        conn.send(conn.grpc_headers(1, HELLO) + conn.grpc_message(1, 0x7FFFFFFF, b"x" * 16))
        frames = conn.read_frames(ended(1))
        status = conn.grpc_status(frames, 1)
        assert status is not None and status[0] == grpc.StatusCode.RESOURCE_EXHAUSTED.value[0]
    assert_answers(channel)


def test_truncated_message_fails_its_stream(server, channel):
    with RawConnection(server.address) as conn:
        conn.start()
        conn.send(conn.grpc_headers(1, HELLO) + conn.grpc_message(1, 100, b"abc"))
        frames = conn.read_frames(ended(1))
        # docs/bad-input.md: a message cut short by the end of the stream is a framing error of
        # the transport, INTERNAL, not a bad message.
        assert conn.grpc_status(frames, 1) == (grpc.StatusCode.INTERNAL.value[0],
                                               "Encountered end-of-stream mid-frame")
    assert_answers(channel)


LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [A-Z]+ ")


def oversized_header_block(conn: RawConnection) -> None:
    """A request whose header block (9,000 bytes of one header) is over the 8 KiB limit."""
    block = conn.encoder.encode([
        (":method", "POST"), (":scheme", "http"), (":path", HELLO), (":authority", "localhost"),
        ("content-type", "application/grpc"), ("x-big", "a" * 9_000)])
    frame = HeadersFrame(1, data=block)
    frame.flags.add("END_HEADERS")
    conn.send(frame.serialize())


def data_past_the_window(conn: RawConnection) -> None:
    """128 KB of DATA on a stream: this client never acknowledges the server's SETTINGS, so the
    stream's window is HTTP/2's initial 65,535 bytes."""
    conn.send(conn.grpc_headers(1, HELLO))
    for _ in range(8):
        conn.send(DataFrame(1, data=b"\0" * 16_000).serialize())


@pytest.mark.parametrize("abuse", [oversized_header_block, data_past_the_window])
def test_protocol_errors_on_many_connections_log_one_line_and_no_trace(abuse, tmp_path):
    server = start_java_server(tmp_path)
    try:
        for _ in range(20):
            with RawConnection(server.address) as conn:
                conn.start()
                abuse(conn)
                conn.read_frames(lambda f: goaway(f) is not None or ended(1)(f))
        with server.channel() as channel:
            assert_answers(channel)
    finally:
        stopped_cleanly(server)
    lines = server.stderr().splitlines()
    # One line for the 20 errors (the repeat filter holds the rest back for a minute), saying
    # what went wrong; with a trace, each error wrote ~33 lines naming grpc's and Netty's classes.
    transport = [line for line in lines if " dev.grpcpolyglot.server.transport: " in line]
    assert len(transport) == 1, "\n".join(transport)
    assert re.search(r"Header size exceeded|Flow control window exceeded", transport[0])
    traces = [line for line in lines
              if not LOG_LINE.match(line) and not line.startswith(("SLF4J(W)", "*** "))]
    assert not traces, "\n".join(traces[:40])
    assert not [line for line in lines if "io.grpc" in line or "Exception" in line]
