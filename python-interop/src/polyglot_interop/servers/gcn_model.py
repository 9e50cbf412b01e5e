"""The default GCN of docs/services.md with scipy sparse matrices (identity weights, no bias).

``Â = D̃^-1/2 (A + I) D̃^-1/2``; ``H = Â · ReLU(Â X)``; ``score_i = sigmoid(mean_j H_ij)``.
Edges are undirected; duplicates and self-loops collapse. Knows nothing of gRPC: invalid input
raises InvalidGraph, a graph over the limits raises GraphTooLarge.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from polyglot_interop.gen import gcn_pb2


class InvalidGraph(ValueError):
    """The graph breaks a rule of docs/services.md; the message names the culprit."""


class GraphTooLarge(ValueError):
    """The graph has more nodes or edges than this server accepts."""


@dataclasses.dataclass(frozen=True)
class Limits:
    max_nodes: int = 1_000_000
    max_edges: int = 10_000_000


def _features(nodes: Sequence[gcn_pb2.Node]) -> np.ndarray:
    """X, one row per node, validated (same width everywhere, all finite)."""
    width = len(nodes[0].features)
    for node in nodes:
        if len(node.features) != width:
            raise InvalidGraph(f"node {node.id!r} has {len(node.features)} features, "
                               f"node {nodes[0].id!r} has {width}")
    x = np.array([node.features for node in nodes], dtype=np.float64).reshape(len(nodes), width)
    bad = ~np.isfinite(x)
    if bad.any():
        row = int(np.argwhere(bad)[0][0])
        raise InvalidGraph(f"node {nodes[row].id!r} has a NaN or infinite feature")
    return x


def _index(nodes: Sequence[gcn_pb2.Node]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if not node.id:
            raise InvalidGraph(f"node #{i} has an empty id")
        if index.setdefault(node.id, i) != i:
            raise InvalidGraph(f"duplicate node id {node.id!r}")
    return index


def _normalized_adjacency(index: dict[str, int], edges: Sequence[gcn_pb2.Edge]) -> sp.csr_array:
    """Â: symmetric, duplicates and self-loops collapsed, plus I, degree-normalized."""
    n = len(index)
    try:
        src = np.fromiter((index[e.source_id] for e in edges), dtype=np.int64, count=len(edges))
        dst = np.fromiter((index[e.target_id] for e in edges), dtype=np.int64, count=len(edges))
    except KeyError as e:
        raise InvalidGraph(f"an edge names unknown node id {e.args[0]!r}") from None
    off_diagonal = src != dst
    src, dst = src[off_diagonal], dst[off_diagonal]
    rows, cols = np.concatenate([src, dst]), np.concatenate([dst, src])
    a = sp.coo_array((np.ones(rows.size), (rows, cols)), shape=(n, n)).tocsr()
    a.data[:] = 1.0  # duplicates were summed by tocsr(); an edge counts once
    a_tilde = a + sp.eye_array(n, format="csr")
    d_inv_sqrt = 1.0 / np.sqrt(np.asarray(a_tilde.sum(axis=1)).ravel())
    scale = sp.diags_array(d_inv_sqrt)
    normalized: sp.csr_array = (scale @ a_tilde @ scale).tocsr()
    return normalized


def score(graph: gcn_pb2.GraphData, limits: Limits = Limits()) -> dict[str, float]:
    """``{node id: sigmoid score}``; an empty graph gives an empty map."""
    nodes, edges = graph.nodes, graph.edges
    if len(nodes) > limits.max_nodes or len(edges) > limits.max_edges:
        raise GraphTooLarge(f"graph has {len(nodes)} nodes and {len(edges)} edges; this server "
                            f"takes at most {limits.max_nodes} nodes and {limits.max_edges} edges")
    if not nodes:
        if edges:
            raise InvalidGraph(f"an edge names unknown node id {edges[0].source_id!r}")
        return {}
    index = _index(nodes)
    x = _features(nodes)
    a_hat = _normalized_adjacency(index, edges)
    if x.shape[1] == 0:
        means = np.zeros(len(nodes))  # no features: sigmoid(0) = 0.5
    else:
        h = a_hat @ np.maximum(a_hat @ x, 0.0)
        means = h.mean(axis=1)
    scores = 1.0 / (1.0 + np.exp(-means))
    return dict(zip(index, scores.tolist(), strict=True))
