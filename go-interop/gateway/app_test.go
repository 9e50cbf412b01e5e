package gateway

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
)

func TestDemoAppIsServedFromAppDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<title>demo</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.AppDir = dir
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	if r := call(t, "GET", gw.URL+"/app/", ""); r.Status != http.StatusOK || r.Body != "<title>demo</title>" {
		t.Errorf("GET /app/: %d %q", r.Status, r.Body)
	}
	if !AppInstalled(dir) || AppInstalled(t.TempDir()) {
		t.Error("AppInstalled does not tell a built page from an empty folder")
	}
	r := call(t, "GET", plainGateway(t).URL+"/app/", "")
	if r.Status != http.StatusNotFound || !strings.Contains(r.Body, "-app_dir") {
		t.Errorf("without -app_dir: %d %q, want a 404 saying how to build it", r.Status, r.Body)
	}
}
