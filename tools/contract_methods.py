#!/usr/bin/env python3
"""Checks that every RPC of the baseline contract is still served under the same full method path.

Usage: contract_methods.py BASELINE_IMAGE.json CURRENT_IMAGE.json
Both arguments are buf images in JSON form (`buf build INPUT -o FILE.json`). A client sees an RPC
as its full method path, /package.Service/Method (/Contact/sendStatus for a package-less service),
plus the request and response types and whether each side streams. buf's breaking rules compare
files, packages and services element by element; this check states the contract as those paths,
whatever file a service lives in, so a package added to a package-less file or a method renamed
in case shows up as the path a deployed client would stop reaching. Exits 1 listing each missing
or changed path, 0 with a count otherwise. Standard library only.
"""
import json
import sys


def rpcs(image_path):
    """Maps each full method path to (request type, response type, client streams, server streams)."""
    with open(image_path, encoding="utf-8") as f:
        image = json.load(f)
    found = {}
    for proto_file in image.get("file", []):
        package = proto_file.get("package", "")
        prefix = package + "." if package else ""
        for service in proto_file.get("service", []):
            for method in service.get("method", []):
                path = "/%s%s/%s" % (prefix, service["name"], method["name"])
                found[path] = (
                    method["inputType"].lstrip("."),
                    method["outputType"].lstrip("."),
                    bool(method.get("clientStreaming")),
                    bool(method.get("serverStreaming")),
                )
    return found


def describe(shape):
    request, response, client_streams, server_streams = shape
    return "(%s%s) returns (%s%s)" % (
        "stream " if client_streams else "", request, "stream " if server_streams else "", response)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    baseline, current = rpcs(argv[1]), rpcs(argv[2])
    problems = []
    for path, shape in sorted(baseline.items()):
        if path not in current:
            problems.append("%s %s: no longer served" % (path, describe(shape)))
        elif current[path] != shape:
            problems.append("%s: was %s, now %s" % (path, describe(shape), describe(current[path])))
    for problem in problems:
        print("contract break: " + problem)
    if problems:
        return 1
    print("contract methods: all %d full method paths of the baseline kept (%d served)"
          % (len(baseline), len(current)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
