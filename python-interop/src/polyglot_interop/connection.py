"""Opening a channel from the agreed connection flags (plaintext, TLS, mTLS, bearer token)."""

from __future__ import annotations

import dataclasses
import ipaddress
from pathlib import Path

import grpc

from polyglot_interop.balancing import channel_target

#: Largest message either way, bytes: a million-edge GCN graph or a 64 MiB chunk stream fits.
DEFAULT_MAX_MESSAGE_BYTES = 64 << 20


@dataclasses.dataclass(frozen=True)
class ConnectionSettings:
    """Where the server is and how to authenticate to it (the CLI's connection flags)."""

    target: str = "localhost:50051"
    tls: bool = False
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    server_name: str | None = None
    token: str | None = None
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES

    def open_channel(self) -> grpc.Channel:
        """A new channel; the caller owns it and closes it (``with`` or ``close()``)."""
        options: list[tuple[str, object]] = [
            ("grpc.max_receive_message_length", self.max_message_bytes),
            ("grpc.max_send_message_length", self.max_message_bytes),
        ]
        if self.server_name:
            # Verify the certificate against this name instead of the target's host.
            options.append(("grpc.ssl_target_name_override", self.server_name))
        target, balancing = channel_target(self.target)
        options.extend(balancing)
        credentials = self._channel_credentials()
        if credentials is None:
            return grpc.insecure_channel(target, options=options)
        return grpc.secure_channel(target, credentials, options=options)

    def _channel_credentials(self) -> grpc.ChannelCredentials | None:
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("--cert-file and --key-file go together (the client certificate for mTLS)")
        if not self.tls and (self.ca_file or self.cert_file or self.server_name):
            raise ValueError("--ca-file, --cert-file, --key-file and --server-name need --tls")
        if self.tls:
            transport = grpc.ssl_channel_credentials(
                root_certificates=_read(self.ca_file),  # None: the system's trusted roots
                private_key=_read(self.key_file),
                certificate_chain=_read(self.cert_file),
            )
        elif self.token:
            # gRPC refuses to attach call credentials to a plaintext channel. Local credentials
            # are plaintext on the wire too, but only connect to a loopback peer, so a token can
            # never leave the machine unencrypted.
            if not _is_loopback(self.target):
                raise ValueError("--token over plaintext is only allowed to a loopback address; use --tls")
            transport = grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP)
        else:
            return None
        if self.token:
            # Sent as "authorization: Bearer <token>" on every call, by gRPC's call credentials.
            return grpc.composite_channel_credentials(
                transport, grpc.access_token_call_credentials(self.token))
        return transport


def _read(path: Path | None) -> bytes | None:
    return None if path is None else Path(path).read_bytes()


def _is_loopback(target: str) -> bool:
    """True when target (``host:port``, ``[v6]:port``, optionally ``dns:``/``ipv4:`` etc.) is loopback."""
    address = target.split(":///")[-1].split("://")[-1]
    for scheme in ("dns:", "ipv4:", "ipv6:"):
        address = address.removeprefix(scheme)
    host = address.rsplit(":", 1)[0] if not address.startswith("[") else address[1:].split("]")[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
