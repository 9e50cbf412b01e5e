package crosslang

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// diskBytes is the size of the small disk the full-disk server gets.
const diskBytes = 2 << 20

// unshareThatMounts is the unshare command under which a shell may mount a private tmpfs: as
// root plain --mount (works where user namespaces are blocked, as in CI containers), else
// --map-root-user. Where neither works the test skips, or fails with
// POLYGLOT_REQUIRE_FULL_DISK=1 (set by .ci/run).
func unshareThatMounts(t *testing.T) []string {
	t.Helper()
	var candidates [][]string
	if os.Geteuid() == 0 {
		candidates = append(candidates, []string{"unshare", "--mount"})
	}
	candidates = append(candidates, []string{"unshare", "--mount", "--map-root-user"})
	var failures []string
	for _, c := range candidates {
		probe := append(append([]string{}, c...), "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt")
		out, err := exec.Command(probe[0], probe[1:]...).CombinedOutput()
		if err == nil {
			return c
		}
		failures = append(failures, fmt.Sprintf("%s: %v %s", strings.Join(c, " "), err, out))
	}
	why := "cannot mount a private tmpfs for the full-disk test: " + strings.Join(failures, "; ")
	if os.Getenv("POLYGLOT_REQUIRE_FULL_DISK") == "1" {
		t.Fatal(why + "; POLYGLOT_REQUIRE_FULL_DISK=1 makes this a failure")
	}
	t.Skip(why)
	return nil
}

// A real full disk: a server whose files root is a 2 MiB tmpfs in its own mount namespace
// (nothing leaks out). Writing past the space is RESOURCE_EXHAUSTED and leaves the old file
// untouched.
func TestDiskFullIsResourceExhaustedAndKeepsTheOldFile(t *testing.T) {
	unshare := unshareThatMounts(t)
	jar, err := testserver.Jar()
	if err != nil {
		t.Fatal(err)
	}
	fullCC := dialOwnServer(t, func() (*testserver.Server, error) {
		return testserver.Start(func(dir string) *exec.Cmd {
			root := filepath.Join(dir, "disk")
			script := `mkdir -p "$0" && mount -t tmpfs -o size=` + strconv.Itoa(diskBytes) + ` tmpfs "$0" && exec java -jar "$1" --port 0 --files-root "$0" --contact-store memory`
			return exec.Command(unshare[0], append(unshare[1:], "sh", "-c", script, root, jar)...)
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
