package crosslang

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/muxspb"
)

// transferTimeout bounds a 64 MiB stream on a shared, slow machine.
const transferTimeout = 120 * time.Second

// filesRoot is the folder the test server's FileController serves (testserver.StartJava).
func filesRoot() string { return filepath.Join(server.Dir, "files") }

func TestWriteThenReadReturnsTheText(t *testing.T) {
	client := files.New(cc, callTimeout)
	ctx := context.Background()
	name := "write-read/deep/folders/note.txt" // missing folders are created
	for _, text := range []string{"first version", "second, ünïcode ✓", ""} {
		if err := client.Write(ctx, name, text); err != nil {
			t.Fatal(err)
		}
		got, err := client.Read(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if got != text {
			t.Errorf("Read after Write(%q) = %q", text, got)
		}
	}
}

func TestListShowsEntriesSortedWithSizes(t *testing.T) {
	client := files.New(cc, callTimeout)
	ctx := context.Background()
	for name, text := range map[string]string{"list/b.txt": "bb", "list/a.txt": "a", "list/sub/c.txt": "ccc"} {
		if err := client.Write(ctx, name, text); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := client.List(ctx, "list")
	if err != nil {
		t.Fatal(err)
	}
	want := []*muxspb.FileEntry{{Name: "a.txt", Size: 1}, {Name: "b.txt", Size: 2}, {Name: "sub", IsDir: true}}
	if len(entries) != len(want) {
		t.Fatalf("List(list) = %v, want %v", entries, want)
	}
	for i, e := range entries {
		if e.GetName() != want[i].GetName() || e.GetIsDir() != want[i].GetIsDir() ||
			(!e.GetIsDir() && e.GetSize() != want[i].GetSize()) {
			t.Errorf("entry %d = %v, want %v", i, e, want[i])
		}
	}
	root, err := client.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range root {
		found = found || (e.GetName() == "list" && e.GetIsDir())
	}
	if !found {
		t.Errorf("List(\"\") = %v, want the folder list in it", root)
	}
}

// Client streaming up, server streaming down: 64 MiB of random bytes come back identical.
func TestUpload64MiBAndDownloadItByteIdentical(t *testing.T) {
	data := make([]byte, 64<<20)
	rand.Read(data)
	client := files.New(cc, transferTimeout)
	ctx := context.Background()
	reply, err := client.Upload(ctx, "big/random.bin", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if reply.GetSize() != int64(len(data)) || reply.GetSha256() != hex.EncodeToString(sum[:]) {
		t.Errorf("Upload reply %v, want %d bytes with sha256 %x", reply, len(data), sum)
	}
	var got bytes.Buffer
	n, err := client.Download(ctx, "big/random.bin", 0, &got)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(data)) || !bytes.Equal(got.Bytes(), data) {
		t.Fatalf("downloaded %d bytes, not identical to the %d uploaded", n, len(data))
	}
	// Resuming from an offset gives exactly the rest.
	got.Reset()
	if _, err := client.Download(ctx, "big/random.bin", 40<<20, &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), data[40<<20:]) {
		t.Errorf("download from offset 40 MiB: %d bytes, not the file's tail", got.Len())
	}
}

func TestUploadWithoutAnnouncedSizeAndEmptyFile(t *testing.T) {
	client := files.New(cc, callTimeout)
	ctx := context.Background()
	for name, data := range map[string][]byte{"sizes/unknown.bin": []byte("no size announced"), "sizes/empty.bin": {}} {
		if _, err := client.Upload(ctx, name, bytes.NewReader(data), -1); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if _, err := client.Download(ctx, name, 0, &got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), data) {
			t.Errorf("%s: downloaded %q, want %q", name, got.Bytes(), data)
		}
	}
}

// blockingReader yields its data, then blocks until released: an upload still in progress.
type blockingReader struct {
	data    []byte
	release chan struct{}
	reached chan struct{}
}

func (r *blockingReader) Read(p []byte) (int, error) {
	if len(r.data) > 0 {
		n := copy(p, r.data)
		r.data = r.data[n:]
		return n, nil
	}
	close(r.reached)
	<-r.release
	return 0, errors.New("released")
}

// A cancelled upload leaves no file, not even a partial one, and frees the name.
func TestCancelledUploadLeavesNoFile(t *testing.T) {
	client := files.New(cc, callTimeout)
	reader := &blockingReader{data: bytes.Repeat([]byte("x"), 3*files.ChunkSize),
		release: make(chan struct{}), reached: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	uploaded := make(chan error, 1)
	go func() {
		_, err := client.Upload(ctx, "cancelled/partial.bin", reader, -1)
		uploaded <- err
	}()
	<-reader.reached // three chunks are sent; the upload waits for more
	cancel()
	close(reader.release)
	wantCode(t, <-uploaded, codes.Canceled)

	entries, err := client.List(context.Background(), "cancelled")
	if err != nil && status.Code(err) != codes.NotFound {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("after a cancelled upload the folder holds %v, want nothing", entries)
	}
	if _, err := client.Read(context.Background(), "cancelled/partial.bin"); status.Code(err) != codes.NotFound {
		t.Errorf("Read of the cancelled upload: %v, want NOT_FOUND", err)
	}
}

func TestUploadSizeMismatchIsRefusedAndStoresNothing(t *testing.T) {
	client := files.New(cc, callTimeout)
	_, err := client.Upload(context.Background(), "mismatch.bin", strings.NewReader("12345"), 10)
	wantCode(t, err, codes.InvalidArgument)
	_, err = client.Read(context.Background(), "mismatch.bin")
	wantCode(t, err, codes.NotFound)
}

// Every path rule of docs/services.md, on every method that takes a path.
func TestInvalidPathsAreInvalidArgument(t *testing.T) {
	client := files.New(cc, callTimeout)
	ctx := context.Background()
	bad := map[string]string{
		"empty":          "",
		"absolute":       "/etc/passwd",
		"dot-dot":        "a/../../b",
		"NUL":            "a\x00b",
		"backslash":      `a\b`,
		"over 4096 byte": strings.Repeat("a/", 2049),
	}
	for name, path := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := client.Read(ctx, path)
			wantCode(t, err, codes.InvalidArgument)
			wantCode(t, client.Write(ctx, path, "x"), codes.InvalidArgument)
			_, err = client.Upload(ctx, path, strings.NewReader("x"), 1)
			wantCode(t, err, codes.InvalidArgument)
			_, err = client.Download(ctx, path, 0, io.Discard)
			wantCode(t, err, codes.InvalidArgument)
			if path != "" { // List("") is the root, not an error
				_, err = client.List(ctx, path)
				wantCode(t, err, codes.InvalidArgument)
			}
		})
	}
}

// A link inside the root that points outside it must not let anyone out.
func TestPathThroughASymlinkOutsideTheRootIsPermissionDenied(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(filesRoot(), "escape")); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(filesRoot(), "escape"))
	client := files.New(cc, callTimeout)
	ctx := context.Background()
	_, err := client.Read(ctx, "escape/secret.txt")
	wantCode(t, err, codes.PermissionDenied, "escape")
	wantCode(t, client.Write(ctx, "escape/new.txt", "x"), codes.PermissionDenied)
	if _, err := os.Stat(filepath.Join(outside, "new.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a write through the link created a file outside the root (%v)", err)
	}
	_, err = client.Download(ctx, "escape/secret.txt", 0, io.Discard)
	wantCode(t, err, codes.PermissionDenied)
}

func TestReadErrors(t *testing.T) {
	client := files.New(cc, transferTimeout)
	ctx := context.Background()
	_, err := client.Read(ctx, "no/such/file.txt")
	wantCode(t, err, codes.NotFound, "no/such/file.txt")
	_, err = client.Download(ctx, "no/such/file.txt", 0, io.Discard)
	wantCode(t, err, codes.NotFound)

	if err := client.Write(ctx, "folder/inside.txt", "x"); err != nil {
		t.Fatal(err)
	}
	_, err = client.Read(ctx, "folder")
	wantCode(t, err, codes.FailedPrecondition, "folder")

	notUTF8 := []byte{0xff, 0xfe, 'a'}
	if _, err := client.Upload(ctx, "binary.bin", bytes.NewReader(notUTF8), int64(len(notUTF8))); err != nil {
		t.Fatal(err)
	}
	_, err = client.Read(ctx, "binary.bin")
	wantCode(t, err, codes.FailedPrecondition, "Download")

	// Larger than one Read reply may carry (the server's limit is under 4 MiB).
	large := bytes.Repeat([]byte("large text\n"), (5<<20)/11)
	if _, err := client.Upload(ctx, "large.txt", bytes.NewReader(large), int64(len(large))); err != nil {
		t.Fatal(err)
	}
	_, err = client.Read(ctx, "large.txt")
	wantCode(t, err, codes.FailedPrecondition, "Download")
}
