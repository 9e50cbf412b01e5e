// grpc-go's own route guide example client, pinned, built unchanged by scripts/test routeguide-official
// to check the Java server against it. A module of its own so the examples' dependencies stay out
// of go-interop's go.mod (google.golang.org/grpc/examples has no tags: a pseudo-version).
module github.com/grpc-polyglot/grpc-polyglot/go-interop/tools/routeguide-official

go 1.25.0

tool google.golang.org/grpc/examples/route_guide/client

require (
	golang.org/x/net v0.58.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20260526163538-3dc84a4a5aaa // indirect
	google.golang.org/grpc v1.81.1 // indirect
	google.golang.org/grpc/examples v0.0.0-20260825154716-030ee8becb20 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
