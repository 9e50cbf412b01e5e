package crosslang

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// diskBytes is the size of the small disk the full-disk server gets.
const diskBytes = 2 << 20

// A real full disk: a server whose files root is a 2 MiB tmpfs in its own mount namespace
// (unshare as an unprivileged user namespace, so no root is needed and nothing leaks out).
// Writing past the space is RESOURCE_EXHAUSTED and leaves the old file untouched.
func TestDiskFullIsResourceExhaustedAndKeepsTheOldFile(t *testing.T) {
	if err := exec.Command("unshare", "--mount", "--map-root-user", "true").Run(); err != nil {
		t.Skipf("needs unshare --mount --map-root-user for a private tmpfs: %v", err)
	}
	jar, err := testserver.Jar()
	if err != nil {
		t.Fatal(err)
	}
	fullCC := dialOwnServer(t, func() (*testserver.Server, error) {
		return testserver.Start(func(dir string) *exec.Cmd {
			root := filepath.Join(dir, "disk")
			script := `mkdir -p "$0" && mount -t tmpfs -o size=` + strconv.Itoa(diskBytes) + ` tmpfs "$0" && exec java -jar "$1" --port 0 --files-root "$0" --contact-store memory`
			return exec.Command("unshare", "--mount", "--map-root-user", "sh", "-c", script, root, jar)
		})
	})
	client := files.New(fullCC, transferTimeout)
	ctx := context.Background()

	if err := client.Write(ctx, "kept.txt", "the old content"); err != nil {
		t.Fatal(err)
	}
	tooBig := bytes.Repeat([]byte("z"), diskBytes+(1<<20))
	// Both ways of writing: Write (one message) and Upload (a stream).
	wantCode(t, client.Write(ctx, "kept.txt", string(tooBig)), codes.ResourceExhausted)
	_, err = client.Upload(ctx, "kept.txt", bytes.NewReader(tooBig), int64(len(tooBig)))
	wantCode(t, err, codes.ResourceExhausted)
	if got, err := client.Read(ctx, "kept.txt"); err != nil || got != "the old content" {
		t.Errorf("after the failed writes: %q, %v; want the old content", got, err)
	}
	// The space of the failed write was given back: a small write works again.
	if err := client.Write(ctx, "after.txt", "fits"); err != nil {
		t.Errorf("a small write after the disk filled: %v", err)
	}
}
