package gateway

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// Swagger UI shows one section per tag: every route must sit under its service's tag, and no
// tag may be an empty section (proto/gateway/polyglot.openapi.yaml, go-interop/scripts/gen.sh).
func TestOpenAPIEveryRouteUnderAServiceTagAndNoEmptyTag(t *testing.T) {
	r := call(t, "GET", plainGateway(t).URL+OpenAPIPath, "")
	var doc struct {
		Tags  []struct{ Name string }
		Paths map[string]map[string]struct {
			OperationID string
			Tags        []string
		}
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); r.Status != http.StatusOK || err != nil {
		t.Fatalf("GET %s: %d, %v", OpenAPIPath, r.Status, err)
	}
	routesByTag := map[string]int{}
	for path, methods := range doc.Paths {
		for method, op := range methods {
			if len(op.Tags) != 1 {
				t.Errorf("%s %s (%s) has tags %q, want its service's one", method, path, op.OperationID, op.Tags)
			}
			for _, tag := range op.Tags {
				routesByTag[tag]++
			}
		}
	}
	declared := map[string]bool{}
	for _, tag := range doc.Tags {
		declared[tag.Name] = true
		if routesByTag[tag.Name] == 0 {
			t.Errorf("tag %q has no route: an empty Swagger UI section", tag.Name)
		}
	}
	var names []string
	for tag := range routesByTag {
		names = append(names, tag)
		if !declared[tag] {
			t.Errorf("routes are tagged %q, which the document does not declare", tag)
		}
	}
	sort.Strings(names)
	want := "Contact FileController GCNService HelloService helloworld.Greeter muxs.Greeter"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("route tags %q, want %q", got, want)
	}
}
