package gateway

import (
	"context"
	"net/http"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

// probedMethods are the methods a route of this gateway may answer, in the order Allow lists them.
var probedMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// probeKey marks a request that only asks whether a route exists; its value records the answer.
type probeKey struct{}

// routeProbe is a grpc-gateway middleware (it wraps every route's handler, JSON and raw alike):
// for a probe it records that the route matched and returns without calling the backend.
func routeProbe(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		if matched, ok := r.Context().Value(probeKey{}).(*bool); ok {
			*matched = true
			return
		}
		next(w, r, params)
	}
}

// routingErrorHandler answers a known path with the wrong method (or a CORS preflight the
// gateway does not serve) with 405 and the Allow header, where grpc-gateway answers 501
// UNIMPLEMENTED; other routing errors keep grpc-gateway's answers (404, 400).
func routingErrorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	if _, probing := r.Context().Value(probeKey{}).(*bool); probing {
		return // a probe of a method the route lacks: nothing to write
	}
	if httpStatus != http.StatusMethodNotAllowed {
		runtime.DefaultRoutingErrorHandler(ctx, mux, m, w, r, httpStatus)
		return
	}
	allow := allowedMethods(mux, r)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, http.StatusMethodNotAllowed, 12,
		r.Method+" is not allowed on "+r.URL.Path+"; allowed: "+strings.Join(allow, ", "))
}

// allowedMethods asks mux, for each method, whether a route matches r's path: grpc-gateway
// knows (it found one to say 405) but does not tell which.
func allowedMethods(mux *runtime.ServeMux, r *http.Request) []string {
	var allow []string
	for _, method := range probedMethods {
		matched := false
		probe := r.Clone(context.WithValue(r.Context(), probeKey{}, &matched))
		probe.Method = method
		probe.Header = http.Header{} // no method override, no form fallback
		probe.Body = http.NoBody
		probe.ContentLength = 0
		mux.ServeHTTP(discardResponse{}, probe)
		if matched {
			allow = append(allow, method)
		}
	}
	return allow
}

// discardResponse swallows a probe's answer (a probe writes none, this is belt and braces).
type discardResponse struct{}

func (discardResponse) Header() http.Header         { return http.Header{} }
func (discardResponse) Write(p []byte) (int, error) { return len(p), nil }
func (discardResponse) WriteHeader(int)             {}
