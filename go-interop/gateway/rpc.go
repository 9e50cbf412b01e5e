package gateway

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"connectrpc.com/vanguard"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/hellopb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/helloworldpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/muxspb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/routeguidepb"
)

// rpcServices are the services served over gRPC-Web and Connect: every service in proto/, plus
// health. Importing their generated packages registers the schemas vanguard transcodes with.
var rpcServices = []string{
	helloworldpb.Greeter_ServiceDesc.ServiceName,
	muxspb.Greeter_ServiceDesc.ServiceName,
	muxspb.FileController_ServiceDesc.ServiceName,
	hellopb.HelloService_ServiceDesc.ServiceName,
	gcnpb.GCNService_ServiceDesc.ServiceName,
	contactpb.Contact_ServiceDesc.ServiceName,
	routeguidepb.RouteGuide_ServiceDesc.ServiceName,
	grpc_health_v1.Health_ServiceDesc.ServiceName,
}

// The headers browsers must be allowed to send and read for gRPC-Web and Connect calls across
// origins (the lists connectrpc.com/cors keeps), added to the gateway's CORS policy.
var (
	rpcCORSRequestHeaders = []string{"Connect-Protocol-Version", "Connect-Timeout-Ms",
		"X-Grpc-Web", "X-User-Agent", "Grpc-Timeout"}
	rpcCORSExposedHeaders = []string{"Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin"}
)

// The full method whose stream lasts as long as its worker, as on the REST route.
const taskStreamMethod = "/Contact/getTask"

// registerRPCRoutes serves every service at /<package.Service>/<Method> in gRPC-Web
// (application/grpc-web[-text][+proto|+json]) and Connect (unary and streaming, JSON and binary).
// vanguard turns each call into gRPC, and a gRPC handler relays it to the backend over cc
// unparsed, so the backend's statuses and google.rpc details come back as sent.
func registerRPCRoutes(mux *http.ServeMux, cc grpc.ClientConnInterface, cfg Config) error {
	relayOpts := []grpc.ServerOption{
		grpc.UnknownServiceHandler(forwardTo(cc)),
		grpc.ForceServerCodec(rawCodec{}),
	}
	serviceOpts := []vanguard.ServiceOption{
		vanguard.WithTargetProtocols(vanguard.ProtocolGRPC),
		vanguard.WithTargetCodecs(vanguard.CodecProto),
		// vanguard inflates gzip requests itself: the relay passes message bytes on as they are
		// and its gRPC server has no decompressor (gzip from a browser failed as UNIMPLEMENTED).
		vanguard.WithNoTargetCompression(),
	}
	if cfg.MaxBodyBytes > 0 {
		// The JSON routes cap a request body; here the same figure caps each message, which is
		// also all vanguard ever buffers (it transcodes a message at a time).
		relayOpts = append(relayOpts, grpc.MaxRecvMsgSize(int(min(cfg.MaxBodyBytes, 1<<31-1))))
		serviceOpts = append(serviceOpts, vanguard.WithMaxMessageBufferBytes(uint32(min(cfg.MaxBodyBytes, 1<<32-1))))
	}
	relay := grpc.NewServer(relayOpts...) // never listens: it serves vanguard's requests only
	services := make([]*vanguard.Service, 0, len(rpcServices))
	for _, name := range rpcServices {
		services = append(services, vanguard.NewService(name, relay))
	}
	transcoder, err := vanguard.NewTranscoder(services, vanguard.WithDefaultServiceOptions(serviceOpts...))
	if err != nil {
		return fmt.Errorf("setting up the gRPC-Web and Connect routes: %w", err)
	}
	unary, err := unaryMethods(rpcServices)
	if err != nil {
		return err
	}
	handler := sendUnaryWhole(unary, withGRPCWebText(rpcDeadline(cfg.Deadline, cfg.Streams, transcoder)))
	for _, name := range rpcServices {
		mux.Handle("/"+name+"/", handler)
	}
	return nil
}

// rpcDeadline gives every call that names no timeout of its own (Grpc-Timeout, or Connect's
// Connect-Timeout-Ms) the gateway's deadline, as the REST routes do; the task stream instead
// ends when the gateway shuts down.
//
// The deadline is handed to the relay (withRelayDeadline), not set on the request's context:
// grpc-go's ServeHTTP transport reads a done request context as a caller that has gone and
// returns without writing a status, which vanguard then answered as UNKNOWN "response uses
// incorrect codec" instead of DEADLINE_EXCEEDED whenever the deadline beat the backend's headers.
func rpcDeadline(deadline time.Duration, streams context.Context, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == taskStreamMethod:
			endStreamsOnShutdown(streams, next).ServeHTTP(w, r)
		case deadline <= 0 || r.Header.Get(grpcTimeoutHeader) != "" || r.Header.Get("Connect-Timeout-Ms") != "":
			next.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r.WithContext(withRelayDeadline(r.Context(), time.Now().Add(deadline))))
		}
	})
}

// unaryMethods is the set of request paths (/<package.Service>/<Method>) of the services' unary
// methods, from their registered schemas.
func unaryMethods(services []string) (map[string]bool, error) {
	unary := map[string]bool{}
	for _, name := range services {
		desc, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
		if err != nil {
			return nil, fmt.Errorf("finding the schema of %s: %w", name, err)
		}
		service, ok := desc.(protoreflect.ServiceDescriptor)
		if !ok {
			return nil, fmt.Errorf("%s is not a service", name)
		}
		for i := range service.Methods().Len() {
			m := service.Methods().Get(i)
			if !m.IsStreamingClient() && !m.IsStreamingServer() {
				unary["/"+name+"/"+string(m.Name())] = true
			}
		}
	}
	return unary, nil
}

// sendUnaryWhole turns the flushes of a unary call's response into no-ops, so net/http sends
// the whole reply in one write once the call ends (with a Content-Length when it fits its
// buffer) instead of writing its message and its end as they come, in chunks. vanguard
// flushes after every message and again at the end, which is what streams need and what cost
// a unary call an extra write and chunked framing. Streaming methods keep every flush.
func sendUnaryWhole(unary map[string]bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unary[r.URL.Path] {
			w = unflushed{w}
		}
		next.ServeHTTP(w, r)
	})
}

// unflushed is a ResponseWriter whose Flush does nothing: net/http flushes when the handler
// returns.
type unflushed struct{ http.ResponseWriter }

func (unflushed) Flush() {}

func (u unflushed) Unwrap() http.ResponseWriter { return u.ResponseWriter }
