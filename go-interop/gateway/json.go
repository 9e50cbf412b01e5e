package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// compactJSONPb is grpc-gateway's protojson marshaler with its output compacted: protojson
// inserts random spaces on purpose (so no one relies on its exact bytes), while people compare
// the demo's `{"message":"Hello, world!"}` by eye and scripts compare it by string.
type compactJSONPb struct{ runtime.JSONPb }

// compactJSON also prints zero values, so replies and errors always carry every field
// ({"code","message","details"} even when details is empty).
func compactJSON() *compactJSONPb {
	return &compactJSONPb{runtime.JSONPb{MarshalOptions: protojson.MarshalOptions{EmitUnpopulated: true}}}
}

// Marshal returns v as compact JSON.
func (m *compactJSONPb) Marshal(v any) ([]byte, error) {
	raw, err := m.JSONPb.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Compact(&out, raw); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// NewDecoder names what a malformed body failed to be: the JSON decoder's own errors
// ("unexpected EOF") do not say where they come from.
func (m *compactJSONPb) NewDecoder(r io.Reader) runtime.Decoder {
	inner := m.JSONPb.NewDecoder(r)
	return runtime.DecoderFunc(func(v any) error {
		err := inner.Decode(v)
		if err == nil || errors.Is(err, io.EOF) { // an empty body is the empty message
			return err
		}
		if msg, ok := v.(proto.Message); ok {
			return fmt.Errorf("request body is not valid JSON for %s: %w", msg.ProtoReflect().Descriptor().FullName(), err)
		}
		return fmt.Errorf("request body is not valid JSON: %w", err)
	})
}

// errorHandler is grpc-gateway's standard one (gRPC status → HTTP status, body
// {"code","message","details"}), except that a body over the size limit is 413 and a body
// that arrived too slowly 408 (its connection closed), not the 400 the JSON decoder's failure
// would give.
func errorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	if bodyTooSlow(r) {
		w.Header().Set("Connection", "close")
		err = &runtime.HTTPStatusError{
			HTTPStatus: http.StatusRequestTimeout,
			Err:        status.Error(codes.DeadlineExceeded, "the request body arrived too slowly; the gateway stopped waiting for it"),
		}
	} else if limit, hit := bodyLimitHit(r); hit {
		err = &runtime.HTTPStatusError{
			HTTPStatus: http.StatusRequestEntityTooLarge,
			Err:        status.Errorf(codes.ResourceExhausted, "request body is larger than the gateway's limit of %d bytes", limit),
		}
	}
	runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, err)
}

// grpcStatus finds the backend's status inside an error a client package wrapped, so HTTP
// callers see the server's own message rather than the wrapping.
func grpcStatus(err error) error {
	var carrier interface{ GRPCStatus() *status.Status }
	if errors.As(err, &carrier) {
		return carrier.GRPCStatus().Err()
	}
	return err
}
