"""Every RPC in proto/ reaches every place docs/development.md's "Adding an RPC" checklist names.

Lists each service and method of ``proto/*.proto`` with protoc (grpc_tools, the project's pinned
compiler), then fails, naming each gap, when a method has no call in the Java client library
(java-client), the Python clients (polyglot_interop), the Go client packages (go-interop), no
route in the REST gateway (a rule of proto/gateway/polyglot.yaml, a hand-written handler in
go-interop/gateway, or a row with its reason under "Methods without a route" in
docs/gateway.md), or no mention in docs/services.md's table of services.

A "call" is found by reading the source, not by running it: a file (in Go, a package) that
builds the service's generated stub or client and calls the method as the generated code spells
it in that language (``sayHello`` in Java, ``SayHello`` in Python and Go for ``rpc SayHello``).
No server is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2
from grpc_tools import protoc

REPO = Path(__file__).resolve().parents[2]
PROTO = REPO / "proto"
# gRPC's own interop suite (grpc.testing.TestService): its clients are gRPC's, not ours.
NOT_OURS = ("grpc/",)
JAVA_CLIENT = REPO / "java-client" / "src" / "main" / "java"
PYTHON_CLIENT = REPO / "python-interop" / "src" / "polyglot_interop"
PYTHON_NOT_CLIENT = ("gen", "servers")
GO_ROOT = REPO / "go-interop"
# Go folders that are not the client library: stubs, the gateway, commands, tests, tools.
GO_NOT_CLIENT = {"gen", "gateway", "crosstest", "cmd", "internal", "tools", "scripts"}
GATEWAY_RULES = PROTO / "gateway" / "polyglot.yaml"
GATEWAY_HANDLERS = GO_ROOT / "gateway"
GATEWAY_DOC = REPO / "docs" / "gateway.md"
SERVICES_DOC = REPO / "docs" / "services.md"


@dataclass(frozen=True)
class Service:
    """A service of proto/ and what each language's generated code is called."""

    package: str
    name: str
    methods: tuple[str, ...]
    proto_module: str  # Python: <proto_module>_pb2_grpc
    java_package: str
    go_package: str  # the Go package name of the generated code

    @property
    def full_name(self) -> str:
        return f"{self.package}.{self.name}" if self.package else self.name

    def path(self, method: str) -> str:
        return f"/{self.full_name}/{method}"


def proto_services(tmp_dir: Path) -> list[Service]:
    """Every service of proto/ (gRPC's interop protos aside), parsed by protoc."""
    files = sorted(
        str(p.relative_to(PROTO))
        for p in PROTO.rglob("*.proto")
        if not str(p.relative_to(PROTO)).startswith(NOT_OURS)
    )
    out = tmp_dir / "proto.pb"
    include = str(resources.files("grpc_tools") / "_proto")
    code = protoc.main(
        ["protoc", f"-I{PROTO}", f"-I{include}", f"--descriptor_set_out={out}", *files])
    assert code == 0, f"protoc failed on {files}"
    descriptors = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    services = []
    for proto_file in descriptors.file:
        go_package = proto_file.options.go_package.split(";")[-1].rsplit("/", 1)[-1]
        for service in proto_file.service:
            services.append(Service(
                package=proto_file.package,
                name=service.name,
                methods=tuple(method.name for method in service.method),
                proto_module=proto_file.name.removesuffix(".proto").replace("/", "."),
                java_package=proto_file.options.java_package,
                go_package=go_package,
            ))
    return services


def sources(root: Path, suffix: str, skip: set[str] | tuple[str, ...] = ()) -> dict[Path, str]:
    """The text of every non-test source file below root, outside the folders named in skip."""
    found = {}
    for path in root.rglob("*" + suffix):
        parts = set(path.relative_to(root).parts[:-1])
        if parts & set(skip) or path.name.endswith("_test.go"):
            continue
        found[path] = path.read_text(encoding="utf-8")
    return found


def called(texts: list[str]) -> set[str]:
    """Names called as methods (``.name(``) anywhere in texts."""
    return {name for text in texts for name in re.findall(r"\.(\w+)\s*\(", text)}


def java_name(method: str) -> str:
    """grpc-java's stub method name: the proto name with a lower-case first letter."""
    return method[:1].lower() + method[1:]


def go_name(method: str) -> str:
    """grpc-go's client method name: the proto name with an upper-case first letter."""
    return method[:1].upper() + method[1:]


def java_gaps(service: Service, files: dict[Path, str]) -> list[str]:
    stub = re.compile(r"\b" + re.escape(service.java_package) + r"\." + service.name + r"Grpc\b")
    texts = [t for t in files.values() if stub.search(t)]
    names = called(texts)
    return [service.path(m) for m in service.methods
            if java_name(m) not in names and f"get{m[:1].upper()}{m[1:]}Method" not in names]


def python_gaps(service: Service, files: dict[Path, str]) -> list[str]:
    module = service.proto_module.rsplit(".", 1)[-1]
    stub = re.compile(r"\b" + re.escape(module) + r"_pb2_grpc\." + service.name + r"Stub\b")
    names = called([t for t in files.values() if stub.search(t)])
    return [service.path(m) for m in service.methods if m not in names]


def go_alias(text: str, go_package: str) -> str | None:
    """The name a Go file imports the generated package under (its alias, or its own name)."""
    for alias, path in re.findall(r'^\s*(?:import\s+)?(\w+\s+)?"([^"]+)"\s*$', text, re.M):
        if path.endswith("/" + go_package):
            return alias.strip() or go_package
    return None


def go_packages_using(service: Service, files: dict[Path, str], use: str) -> list[str]:
    """The text of every Go package (folder) one of whose files matches use ({pkg} = the alias)."""
    folders = set()
    for path, text in files.items():
        alias = go_alias(text, service.go_package)
        if alias and re.search(use.format(pkg=re.escape(alias)), text):
            folders.add(path.parent)
    return [text for path, text in files.items() if path.parent in folders]


def go_gaps(service: Service, files: dict[Path, str]) -> list[str]:
    texts = go_packages_using(service, files, r"\b{pkg}\.New" + service.name + r"Client\(")
    names = called(texts)
    return [service.path(m) for m in service.methods if go_name(m) not in names]


def without_route_reasons() -> dict[str, str]:
    """docs/gateway.md's "Methods without a route" table: full method name -> reason."""
    text = GATEWAY_DOC.read_text(encoding="utf-8")
    section = re.search(r"^### Methods without a route\n(.*?)(?=^#)", text, re.M | re.S)
    assert section, "docs/gateway.md has no '### Methods without a route' section"
    reasons = {}
    for row in re.findall(r"^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$", section.group(1), re.M):
        reasons[row[0].lstrip("/")] = row[1]
    return reasons


def gateway_gaps(service: Service, handlers: dict[Path, str]) -> list[str]:
    """Methods with no JSON rule, no hand-written handler and no reason."""
    rules = set(re.findall(r"^\s*- selector:\s*(\S+)\s*$",
                           GATEWAY_RULES.read_text(encoding="utf-8"), re.M))
    # A hand-written handler names the method by its generated constant (access log, auth).
    handled = set()
    for text in handlers.values():
        alias = go_alias(text, service.go_package)
        if alias:
            handled |= set(re.findall(r"\b" + re.escape(alias) + r"\." + service.name
                                      + r"_(\w+)_FullMethodName\b", text))
    reasons = without_route_reasons()
    gaps = []
    for method in service.methods:
        if f"{service.full_name}.{method}" in rules or go_name(method) in handled:
            continue
        reason = reasons.get(service.path(method).lstrip("/"), "")
        if not reason.strip():
            gaps.append(service.path(method))
    return gaps


def services_doc_rows() -> dict[str, set[str]]:
    """docs/services.md's table of services: service full name -> the method names it lists."""
    rows = {}
    text = SERVICES_DOC.read_text(encoding="utf-8")
    for cells in re.findall(r"^\|\s*`([\w.]+)`[^|]*\|([^|]*)\|", text, re.M):
        rows[cells[0]] = {name.rsplit("/", 1)[-1] for name in re.findall(r"`([^`]+)`", cells[1])}
    return rows


def services_doc_gaps(service: Service) -> list[str]:
    listed = services_doc_rows().get(service.full_name, set())
    return [service.path(m) for m in service.methods if m not in listed]


@pytest.fixture(scope="module")
def services(tmp_path_factory) -> list[Service]:
    found = proto_services(tmp_path_factory.mktemp("descriptors"))
    assert len(found) >= 7, f"expected every service of proto/, got {[s.full_name for s in found]}"
    return found


def report(gaps: dict[str, list[str]]) -> str:
    return "; ".join(f"{where}: {', '.join(paths)}" for where, paths in gaps.items() if paths)


def test_every_rpc_has_a_client_method_in_java_python_and_go(services):
    java = sources(JAVA_CLIENT, ".java")
    python = sources(PYTHON_CLIENT, ".py", PYTHON_NOT_CLIENT)
    go = sources(GO_ROOT, ".go", GO_NOT_CLIENT)
    gaps = {
        "no Java client method (java-client)":
            [g for s in services for g in java_gaps(s, java)],
        "no Python client method (polyglot_interop)":
            [g for s in services for g in python_gaps(s, python)],
        "no Go client method (go-interop client packages)":
            [g for s in services for g in go_gaps(s, go)],
    }
    assert not any(gaps.values()), report(gaps)


def test_every_rpc_has_a_gateway_route_or_a_reason(services):
    handlers = sources(GATEWAY_HANDLERS, ".go")
    gaps = {"no gateway route in proto/gateway/polyglot.yaml or go-interop/gateway, and no reason"
            " under 'Methods without a route' in docs/gateway.md":
            [g for s in services for g in gateway_gaps(s, handlers)]}
    assert not any(gaps.values()), report(gaps)


def test_every_rpc_is_in_the_services_table(services):
    gaps = {"not in docs/services.md's table of services":
            [g for s in services for g in services_doc_gaps(s)]}
    assert not any(gaps.values()), report(gaps)


def test_a_missing_client_method_is_named(services):
    """The check itself: a Python client that lost a method is reported by its full name."""
    python = sources(PYTHON_CLIENT, ".py", PYTHON_NOT_CLIENT)
    hello = next(s for s in services if s.full_name == "go_protoc.HelloService")
    without_call = {path: text.replace(".Hello(", ".Goodbye(") for path, text in python.items()}
    assert python_gaps(hello, python) == []
    assert python_gaps(hello, without_call) == ["/go_protoc.HelloService/Hello"]
