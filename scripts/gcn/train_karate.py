"""Trains the two-layer GCN of docs/services.md on Zachary's karate club and writes its model file.

Semi-supervised, as in Kipf & Welling (2017): the features are one-hot identities (member k has
feature k-1 set), only a few members are labelled (by default the two faction leaders, member 1
= Mr. Hi and member 34 = the Officer), and the network must place the other 32 from the graph
alone. The output, sigmoid(z), is the probability of the Officer's faction.

The forward pass is exactly the server's (Â = D̃^-1/2 (A + I) D̃^-1/2, H = ReLU(Â X W1 + b1),
z = Â H W2 + b2); gradients are written out by hand so numpy is the only dependency. Runs are
deterministic for a given --seed. Writes the model JSON (W1, b1, W2, b2 plus a "training"
record with the accuracy over all 34 members) and the one-hot features file the Java client
sends.

Usage: python train_karate.py [--seed N] [--hidden N] [--epochs N] [--labelled ID ...]
"""

import argparse
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "karate"


def read_pairs(path):
    """Non-comment lines of a whitespace-separated two-column file, as (str, str) pairs."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            first, second = line.split()
            pairs.append((first, second))
    return pairs


def normalized_adjacency(ids, edges):
    """Dense Â for 34 nodes: duplicates and self-loops collapse, +I on the diagonal."""
    index = {node_id: i for i, node_id in enumerate(ids)}
    a = np.eye(len(ids))
    for source, target in edges:
        i, j = index[source], index[target]
        a[i, j] = a[j, i] = 1.0
    inv_sqrt = 1.0 / np.sqrt(a.sum(axis=1))
    return a * inv_sqrt[:, None] * inv_sqrt[None, :]


def glorot(rng, rows, cols):
    limit = np.sqrt(6.0 / (rows + cols))
    return rng.uniform(-limit, limit, size=(rows, cols))


def forward(a_hat, x, params):
    pre = a_hat @ x @ params["W1"] + params["b1"]
    hidden = np.maximum(pre, 0.0)
    z = a_hat @ (hidden @ params["W2"]) + params["b2"]
    return pre, hidden, 1.0 / (1.0 + np.exp(-z))


def train(a_hat, x, y, labelled, hidden_units, epochs, lr, weight_decay, seed):
    rng = np.random.default_rng(seed)
    params = {
        "W1": glorot(rng, x.shape[1], hidden_units),
        "b1": np.zeros(hidden_units),
        "W2": glorot(rng, hidden_units, 1),
        "b2": np.zeros(1),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    mask = np.zeros((len(y), 1))
    mask[labelled] = 1.0
    ax = a_hat @ x
    for step in range(1, epochs + 1):
        pre, hidden, scores = forward(a_hat, x, params)
        # d(mean binary cross-entropy over labelled nodes)/dz = (sigmoid(z) - y) / |labelled|
        dz = (scores - y[:, None]) * mask / mask.sum()
        dg = a_hat.T @ dz
        dpre = (dg @ params["W2"].T) * (pre > 0)
        grads = {
            "W1": ax.T @ dpre + weight_decay * params["W1"],
            "b1": dpre.sum(axis=0),
            "W2": hidden.T @ dg,
            "b2": dz.sum(axis=0),
        }
        for key, grad in grads.items():  # Adam
            m, v = moments[key]
            m[...] = 0.9 * m + 0.1 * grad
            v[...] = 0.999 * v + 0.001 * grad * grad
            m_hat = m / (1 - 0.9 ** step)
            v_hat = v / (1 - 0.999 ** step)
            params[key] = params[key] - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    return params


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hidden", type=int, default=4, help="hidden units")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--labelled", nargs="+", default=["1", "34"],
                        help="member ids whose faction the training sees")
    parser.add_argument("--model-out", type=pathlib.Path,
                        default=ROOT / "models" / "karate-gcn.json")
    parser.add_argument("--features-out", type=pathlib.Path, default=DATA / "features.txt")
    parser.add_argument("--graph-out", type=pathlib.Path, default=DATA / "graph.json",
                        help="the same graph as GraphData in proto3 JSON, the form every CLI takes")
    args = parser.parse_args()

    labels = dict(read_pairs(DATA / "labels.txt"))
    ids = sorted(labels, key=int)
    edges = read_pairs(DATA / "edges.txt")
    a_hat = normalized_adjacency(ids, edges)
    x = np.eye(len(ids))
    y = np.array([float(labels[i]) for i in ids])
    labelled = [ids.index(i) for i in args.labelled]

    params = train(a_hat, x, y, labelled, args.hidden, args.epochs, args.lr,
                   args.weight_decay, args.seed)
    _, _, scores = forward(a_hat, x, params)
    predicted = (scores[:, 0] > 0.5).astype(float)
    correct = int((predicted == y).sum())
    unlabelled = [i for i in range(len(ids)) if i not in labelled]
    correct_unlabelled = int((predicted[unlabelled] == y[unlabelled]).sum())

    model = {
        "W1": params["W1"].tolist(),
        "b1": params["b1"].tolist(),
        "W2": params["W2"].tolist(),
        "b2": params["b2"].tolist(),
        "training": {
            "script": "scripts/gcn/train_karate.py",
            "data": "data/karate (Zachary 1977)",
            "features": "one-hot identity: member k has feature k-1 (data/karate/features.txt)",
            "output": "sigmoid(z) > 0.5 means the Officer's faction (label 1)",
            "seed": args.seed, "hidden": args.hidden, "epochs": args.epochs, "lr": args.lr,
            "weight_decay": args.weight_decay, "labelled_members": args.labelled,
            "correct": correct, "members": len(ids),
            "correct_unlabelled": correct_unlabelled, "unlabelled": len(unlabelled),
        },
    }
    args.model_out.parent.mkdir(parents=True, exist_ok=True)
    args.model_out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    with args.features_out.open("w", encoding="utf-8") as out:
        out.write("# One-hot identity features of the karate club members (written by "
                  "scripts/gcn/train_karate.py):\n# member k has feature k-1 set. "
                  "One \"ID F1 ... F34\" line per member.\n")
        for k, node_id in enumerate(ids):
            out.write(node_id + " " + " ".join("1" if j == k else "0" for j in range(len(ids)))
                      + "\n")
    write_graph_json(args.graph_out, ids, edges)
    print(f"accuracy {correct}/{len(ids)} members ({correct_unlabelled}/{len(unlabelled)} "
          f"unlabelled); wrote {args.model_out}, {args.features_out} and {args.graph_out}")


def write_graph_json(path, ids, edges):
    """The graph as the proto3 JSON mapping of GraphData: one node (one-hot features) per line."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "nodes": [\n    ')
        out.write(",\n    ".join(
            json.dumps({"id": node_id, "features": [1 if j == k else 0 for j in range(len(ids))]},
                       separators=(", ", ": "))
            for k, node_id in enumerate(ids)))
        out.write('\n  ],\n  "edges": [\n    ')
        out.write(",\n    ".join(json.dumps({"sourceId": s, "targetId": t}, separators=(", ", ": "))
                              for s, t in edges))
        out.write("\n  ]\n}\n")


if __name__ == "__main__":
    main()
