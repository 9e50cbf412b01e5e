"""One client class per remote service; each takes a ``grpc.Channel`` and a default timeout.

Every call has a deadline (``timeout=`` seconds, per client or per call). Failures surface as
``grpc.RpcError``; the clients log a warning with the status code and re-raise, so callers decide
by ``e.code()``.
"""

from polyglot_interop.clients.contact import ContactClient
from polyglot_interop.clients.error_details import ErrorDetails, error_detail_lines, error_details
from polyglot_interop.clients.files import FileClient
from polyglot_interop.clients.gcn import GcnClient
from polyglot_interop.clients.greeter import GreeterClient, MuxsGreeterClient
from polyglot_interop.clients.health import HealthClient
from polyglot_interop.clients.hello import HelloClient
from polyglot_interop.clients.routeguide import RouteGuideClient
from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT

__all__ = [
    "DEFAULT_TIMEOUT", "ContactClient", "ErrorDetails", "FileClient", "GcnClient", "GreeterClient",
    "HealthClient", "HelloClient", "MuxsGreeterClient", "RouteGuideClient", "error_detail_lines",
    "error_details",
]
