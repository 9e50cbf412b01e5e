"""GCNService against the Java server and both Python reference servers: scores vs numpy, errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import grpc
import numpy as np
import pytest
from checks import expect_status
from gcn_reference import random_graph, reference_scores
from servers import start_java_server, start_python_server, stopped_cleanly

from polyglot_interop.clients import GcnClient
from polyglot_interop.gen import gcn_pb2
from polyglot_interop.servers import gcn_model

WORKED_EXAMPLE = ({"node1": [0.1, 0.2, 0.3], "node2": [0.4, 0.5, 0.6]}, [("node1", "node2")])


@pytest.fixture(params=["java", "python-sync", "python-aio"])
def gcn(request: pytest.FixtureRequest) -> GcnClient:
    fixture = {"java": "channel", "python-sync": "sync_channel", "python-aio": "aio_channel"}
    return GcnClient(request.getfixturevalue(fixture[request.param]), timeout=60)




def test_worked_example(gcn: GcnClient) -> None:
    scores = gcn.process_graph(*WORKED_EXAMPLE)
    assert scores.keys() == {"node1", "node2"}
    expected = 1 / (1 + math.exp(-0.35))
    assert f"{expected:.6f}" == "0.586618"
    for value in scores.values():
        assert value == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", range(20))
def test_random_graphs_match_numpy(gcn: GcnClient, seed: int) -> None:
    nodes, edges = random_graph(seed)
    scores = gcn.process_graph(nodes, edges)
    expected = reference_scores(nodes, edges)
    assert scores.keys() == expected.keys()
    for node_id, value in expected.items():
        assert scores[node_id] == pytest.approx(value, abs=1e-5), node_id
        assert 0.0 < scores[node_id] < 1.0


def test_nodes_without_features_score_one_half(gcn: GcnClient) -> None:
    assert gcn.process_graph({"a": [], "b": []}, [("a", "b")]) == {"a": 0.5, "b": 0.5}


def test_empty_graph_gives_an_empty_map(gcn: GcnClient) -> None:
    assert gcn.process(gcn_pb2.GraphData()) == {}


def test_duplicate_edges_and_self_loops_collapse(gcn: GcnClient) -> None:
    nodes = {"a": [1.0, -2.0], "b": [0.5, 3.0], "c": [2.0, 2.0]}
    plain = gcn.process_graph(nodes, [("a", "b"), ("b", "c")])
    noisy = gcn.process_graph(nodes, [("a", "b"), ("b", "a"), ("a", "b"), ("a", "a"), ("b", "c")])
    assert noisy == pytest.approx(plain, abs=1e-7)


@pytest.mark.parametrize("nodes, edges, culprit", [
    pytest.param([("a", [1.0]), ("a", [2.0])], [], "a", id="duplicate id"),
    pytest.param([("", [1.0])], [], None, id="empty id"),
    pytest.param([("a", [1.0])], [("a", "ghost")], "ghost", id="edge to unknown id"),
    pytest.param([("a", [1.0, 2.0]), ("b", [1.0])], [], None, id="different feature counts"),
    pytest.param([("a", [1.0]), ("nan-node", [math.nan])], [], "nan-node", id="NaN feature"),
    pytest.param([("inf-node", [math.inf])], [], "inf-node", id="infinite feature"),
])
def test_invalid_graphs_are_invalid_argument(gcn: GcnClient, nodes, edges, culprit) -> None:
    graph = gcn_pb2.GraphData(
        nodes=[gcn_pb2.Node(id=node_id, features=f) for node_id, f in nodes],
        edges=[gcn_pb2.Edge(source_id=s, target_id=t) for s, t in edges])
    error = expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: gcn.process(graph))
    if culprit:
        assert culprit in error.details()


SERVER_KINDS = {
    "java": lambda work, *flags: start_java_server(work, *flags),
    "python-sync": lambda work, *flags: start_python_server(work, "sync", *flags),
    "python-aio": lambda work, *flags: start_python_server(work, "aio", *flags),
}


@pytest.mark.parametrize("kind", SERVER_KINDS)
def test_graphs_over_the_limits_are_resource_exhausted(
        tmp_path: Path, kind: str) -> None:
    server = SERVER_KINDS[kind](tmp_path, "--gcn-max-nodes", "3", "--gcn-max-edges", "2")
    try:
        with server.channel() as channel:
            gcn = GcnClient(channel)
            nodes = {f"n{i}": [1.0] for i in range(3)}
            assert len(gcn.process_graph(nodes, [("n0", "n1"), ("n1", "n2")])) == 3
            for too_big, edges in (({**nodes, "n3": [1.0]}, [("n0", "n1")]),
                                   (nodes, [("n0", "n1")] * 3)):
                expect_status(grpc.StatusCode.RESOURCE_EXHAUSTED,
                              lambda g=too_big, e=edges: gcn.process_graph(g, e))
            assert gcn.process(gcn_pb2.GraphData()) == {}  # still serving after refusing
    finally:
        stopped_cleanly(server)


def trained_reference(nodes, edges, model) -> dict[str, float]:
    """With a model (docs/services.md): H = ReLU(Â X W1 + b1), z = Â H W2 + b2, sigmoid(z)."""
    ids = list(nodes)
    position = {node_id: i for i, node_id in enumerate(ids)}
    x = np.array([nodes[i] for i in ids], dtype=np.float32).astype(np.float64)
    a = np.eye(len(ids))
    for s, t in edges:
        a[position[s], position[t]] = a[position[t], position[s]] = 1.0
    d = np.diag(a.sum(axis=1) ** -0.5)
    a_hat = d @ a @ d
    w1, b1 = np.array(model["W1"]), np.array(model["b1"])
    w2, b2 = np.array(model["W2"]), np.array(model["b2"])
    h = np.maximum(a_hat @ x @ w1 + b1, 0.0)
    z = (a_hat @ h @ w2 + b2).ravel()
    return dict(zip(ids, (1 / (1 + np.exp(-z))).tolist(), strict=True))


def test_a_trained_model_matches_numpy_and_checks_the_width(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    width, hidden = 4, 5
    model = {"W1": rng.normal(size=(width, hidden)).tolist(), "b1": rng.normal(size=hidden).tolist(),
             "W2": rng.normal(size=(hidden, 1)).tolist(), "b2": rng.normal(size=1).tolist()}
    model_file = tmp_path / "model.json"
    model_file.write_text(json.dumps(model))
    server = start_java_server(tmp_path, "--gcn-model", str(model_file))
    try:
        with server.channel() as channel:
            gcn = GcnClient(channel, timeout=60)
            for seed in range(5):
                n = int(rng.integers(1, 40))
                nodes = {f"v{i}": rng.normal(size=width).astype(np.float32).tolist() for i in range(n)}
                edges = [(f"v{rng.integers(n)}", f"v{rng.integers(n)}") for _ in range(2 * n)]
                scores = gcn.process_graph(nodes, edges)
                for node_id, value in trained_reference(nodes, edges, model).items():
                    assert scores[node_id] == pytest.approx(value, abs=1e-5), (seed, node_id)
            error = expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                                  lambda: gcn.process_graph({"a": [1.0, 2.0]}, []))
            assert "4" in error.details() and "2" in error.details()  # both widths named
    finally:
        stopped_cleanly(server)


def test_a_million_edges_fit_in_one_request(channel: grpc.Channel) -> None:
    rng = np.random.default_rng(11)
    n, m = 100_000, 1_000_000
    ids = [f"n{i}" for i in range(n)]
    graph = gcn_pb2.GraphData(nodes=[gcn_pb2.Node(id=i, features=[1.0, -0.5]) for i in ids])
    graph.edges.extend(gcn_pb2.Edge(source_id=ids[s], target_id=ids[t])
                       for s, t in zip(rng.integers(0, n, m).tolist(), rng.integers(0, n, m).tolist(), strict=True))
    assert graph.ByteSize() > 4 * 1024 * 1024  # far over gRPC's default message limit
    gcn = GcnClient(channel, timeout=120)
    # A deadline too short for this graph: the call fails cleanly and the server stays usable.
    expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, lambda: gcn.process(graph, timeout=0.05))
    scores = gcn.process(graph)
    assert len(scores) == n
    # The sparse reference model (itself checked against dense numpy above) on the same graph.
    expected = gcn_model.score(graph)
    worst = max(abs(scores[k] - v) for k, v in expected.items())
    assert worst < 1e-5
