"""Client of ``/GCNService/ProcessGraph``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import grpc

from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure
from polyglot_interop.gen import gcn_pb2, gcn_pb2_grpc


def graph_data(nodes: Mapping[str, Sequence[float]],
               edges: Iterable[tuple[str, str]]) -> gcn_pb2.GraphData:
    """Builds the request from ``{node id: features}`` and ``(source, target)`` pairs."""
    return gcn_pb2.GraphData(
        nodes=[gcn_pb2.Node(id=node_id, features=features) for node_id, features in nodes.items()],
        edges=[gcn_pb2.Edge(source_id=s, target_id=t) for s, t in edges],
    )


class GcnClient(Client):
    """Scores graphs with the server's two-layer graph convolutional network."""

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(timeout)
        self._stub = gcn_pb2_grpc.GCNServiceStub(channel)

    def process(self, graph: gcn_pb2.GraphData, *, timeout: float | None = None) -> dict[str, float]:
        """``{node id: score in (0, 1)}`` for every node of graph."""
        with logged_failure("GCNService/ProcessGraph"):
            reply = self._stub.ProcessGraph(graph, timeout=self._deadline(timeout))
        return dict(reply.node_scores)

    def process_graph(self, nodes: Mapping[str, Sequence[float]], edges: Iterable[tuple[str, str]],
                      *, timeout: float | None = None) -> dict[str, float]:
        """Scores the graph given as ``{node id: features}`` and ``(source, target)`` edges."""
        return self.process(graph_data(nodes, edges), timeout=timeout)
