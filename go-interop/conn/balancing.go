package conn

import (
	"encoding/json"
	"fmt"
	"strings"

	"google.golang.org/grpc"
	// Registers client-side health checking, which healthCheckConfig below turns on.
	_ "google.golang.org/grpc/health"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
)

// retryableMethods are safe to repeat: no side effect, or one that is the same when repeated.
var retryableMethods = []methodName{
	{Service: "go_protoc.HelloService", Method: "Hello"}, {Service: "helloworld.Greeter"},
	{Service: "muxs.Greeter"}, {Service: "muxs.FileController", Method: "Read"},
	{Service: "muxs.FileController", Method: "List"}, {Service: "GCNService", Method: "ProcessGraph"},
	{Service: "Contact", Method: "getTaskStatus"},
}

type methodName struct {
	Service string `json:"service"`
	Method  string `json:"method,omitempty"`
}

// balancedServiceConfig spreads calls over every ready replica (round_robin), leaves out a
// replica whose grpc.health.v1 status is not SERVING (one shutting down), and retries
// UNAVAILABLE, with backoff, on the methods that are safe to repeat.
func balancedServiceConfig() string {
	config := map[string]any{
		"loadBalancingConfig": []any{map[string]any{"round_robin": map[string]any{}}},
		"healthCheckConfig":   map[string]any{"serviceName": ""},
		"methodConfig": []any{map[string]any{
			"name": retryableMethods,
			"retryPolicy": map[string]any{
				"maxAttempts": 4, "initialBackoff": "0.1s", "maxBackoff": "1s",
				"backoffMultiplier": 2, "retryableStatusCodes": []string{"UNAVAILABLE"},
			},
		}},
	}
	text, err := json.Marshal(config)
	if err != nil {
		panic(err) // a fixed value of plain maps and strings always marshals
	}
	return string(text)
}

// IsBalanced reports whether addr names several replicas: a comma-separated list of
// host:port, or a dns:/// name whose records may hold several addresses.
func IsBalanced(addr string) bool {
	return strings.Contains(addr, ",") || strings.HasPrefix(addr, "dns:")
}

// balancedTarget turns addr into the target and options grpc.NewClient needs: a list becomes a
// manual resolver's fixed address set; a dns:/// name stays as it is. Both get the balanced
// service config. A single address gets neither (one server: nothing to balance).
func balancedTarget(addr string) (string, []grpc.DialOption, error) {
	if !IsBalanced(addr) {
		return addr, nil, nil
	}
	opts := []grpc.DialOption{grpc.WithDefaultServiceConfig(balancedServiceConfig())}
	if strings.HasPrefix(addr, "dns:") {
		return addr, opts, nil
	}
	var addresses []resolver.Address
	for _, part := range strings.Split(addr, ",") {
		part = strings.TrimSpace(part)
		if part == "" || strings.Contains(part, "://") {
			return "", nil, fmt.Errorf("-addr %q: a list must hold host:port entries only", addr)
		}
		addresses = append(addresses, resolver.Address{Addr: part})
	}
	// A resolver per connection: its address set is this connection's own.
	replicas := manual.NewBuilderWithScheme("polyglot-replicas")
	replicas.InitialState(resolver.State{Addresses: addresses})
	return replicas.Scheme() + ":///replicas", append(opts, grpc.WithResolvers(replicas)), nil
}
