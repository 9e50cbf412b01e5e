"""GCNService against the Java server and both Python reference servers: scores vs numpy, errors."""

from __future__ import annotations

import math

import grpc
import pytest

from gcn_reference import random_graph, reference_scores
from polyglot_interop.clients import GcnClient
from polyglot_interop.gen import gcn_pb2

WORKED_EXAMPLE = ({"node1": [0.1, 0.2, 0.3], "node2": [0.4, 0.5, 0.6]}, [("node1", "node2")])


@pytest.fixture(params=["java", "python-sync", "python-aio"])
def gcn(request: pytest.FixtureRequest) -> GcnClient:
    fixture = {"java": "channel", "python-sync": "sync_channel", "python-aio": "aio_channel"}
    return GcnClient(request.getfixturevalue(fixture[request.param]), timeout=60)


def expect_status(code: grpc.StatusCode, call) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as failure:
        call()
    assert failure.value.code() == code, failure.value.details()
    return failure.value


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
