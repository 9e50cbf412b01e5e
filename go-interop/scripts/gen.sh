#!/usr/bin/env bash
# Regenerates the Go stubs (go-interop/gen/*pb) from ../proto with the pinned protoc (the release
# the Java build uses, com.google.protobuf:protoc:4.36.2 = protoc 36.2, fetched from Maven Central
# once into go-interop/.tools/) and the protoc-gen-go / protoc-gen-go-grpc pinned by go.mod's
# `tool` lines. Output goes to go-interop/ (the gen/ tree) or to OUT_DIR if given (a diff check).
# Usage: go-interop/scripts/gen.sh [--help] [OUT_DIR]
set -euo pipefail
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
module_dir=$(cd "$(dirname "$0")/.." && pwd)
repo_root=$(cd "$module_dir/.." && pwd)
out_dir=$(mkdir -p "${1:-$module_dir}" && cd "${1:-$module_dir}" && pwd)

# Same release as <protobuf.version> in the root pom.xml; bump both together.
protoc_version=4.36.2
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) classifier=linux-x86_64 ;;
  Linux-aarch64) classifier=linux-aarch_64 ;;
  Darwin-x86_64) classifier=osx-x86_64 ;;
  Darwin-arm64) classifier=osx-aarch_64 ;;
  *) echo "gen.sh: no protoc build for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
tools_dir="$module_dir/.tools"
protoc="$tools_dir/protoc-$protoc_version-$classifier.exe"
if [[ ! -x "$protoc" ]]; then
  mkdir -p "$tools_dir"
  # Run from .tools (no pom.xml there) so Maven does not load the repository's reactor.
  (cd "$tools_dir" && mvn -B -ntp -q dependency:copy \
    "-Dartifact=com.google.protobuf:protoc:$protoc_version:exe:$classifier" -DoutputDirectory=.)
  chmod +x "$protoc"
fi
# protoc's Maven artifact is the bare binary: the well-known types (google/protobuf/*.proto, e.g.
# addressbook.proto's Timestamp) come from the protobuf-java jar of the same release.
wkt_dir="$tools_dir/include-$protoc_version"
if [[ ! -f "$wkt_dir/google/protobuf/timestamp.proto" ]]; then
  mkdir -p "$wkt_dir"
  (cd "$tools_dir" && mvn -B -ntp -q dependency:copy \
    "-Dartifact=com.google.protobuf:protobuf-java:$protoc_version" -DoutputDirectory=.)
  (cd "$wkt_dir" && jar xf "$tools_dir/protobuf-java-$protoc_version.jar" google/protobuf)
fi

# The plugins come from go.mod's tool lines, so their versions are the module's.
(cd "$module_dir" && go build -o "$tools_dir/bin/" \
  google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/grpc/cmd/protoc-gen-go-grpc)

module=github.com/grpc-polyglot/grpc-polyglot/go-interop
rm -rf "$out_dir/gen"
cd "$repo_root/proto"
"$protoc" -I . -I "$wkt_dir" \
  --plugin=protoc-gen-go="$tools_dir/bin/protoc-gen-go" \
  --plugin=protoc-gen-go-grpc="$tools_dir/bin/protoc-gen-go-grpc" \
  --go_out="$out_dir" --go_opt=module=$module \
  --go-grpc_out="$out_dir" --go-grpc_opt=module=$module \
  ./*.proto
