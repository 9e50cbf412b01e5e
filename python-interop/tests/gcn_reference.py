"""docs/services.md's default GCN written the plainest way (dense numpy), to check servers against.

Deliberately independent of polyglot_interop.servers.gcn_model (which uses scipy sparse).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def reference_scores(nodes: Mapping[str, Sequence[float]],
                     edges: Sequence[tuple[str, str]]) -> dict[str, float]:
    ids = list(nodes)
    if not ids:
        return {}
    position = {node_id: i for i, node_id in enumerate(ids)}
    n = len(ids)
    # Features travel as float32: compare against what the server actually received.
    x = np.array([nodes[i] for i in ids], dtype=np.float32).astype(np.float64).reshape(n, -1)
    a = np.zeros((n, n))
    for source, target in edges:
        s, t = position[source], position[target]
        if s != t:
            a[s, t] = a[t, s] = 1.0
    a_tilde = a + np.eye(n)
    d_inv_sqrt = np.diag(a_tilde.sum(axis=1) ** -0.5)
    a_hat = d_inv_sqrt @ a_tilde @ d_inv_sqrt
    if x.shape[1] == 0:
        return dict.fromkeys(ids, 0.5)
    h = a_hat @ np.maximum(a_hat @ x, 0.0)
    return dict(zip(ids, (1.0 / (1.0 + np.exp(-h.mean(axis=1)))).tolist(), strict=True))


def random_graph(seed: int) -> tuple[dict[str, list[float]], list[tuple[str, str]]]:
    """A random graph with duplicate edges, self-loops, isolated nodes and negative features."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 80))
    width = int(rng.integers(0, 7))
    ids = [f"node-{seed}-{i}" for i in rng.permutation(n)]
    nodes = {node_id: rng.normal(0.0, 2.0, width).astype(np.float32).tolist() for node_id in ids}
    m = int(rng.integers(0, 3 * n))
    edges = [(ids[int(rng.integers(n))], ids[int(rng.integers(n))]) for _ in range(m)]
    edges += edges[: m // 5]  # duplicates, also in reverse direction below
    edges += [(t, s) for s, t in edges[: m // 7]]
    return nodes, edges
