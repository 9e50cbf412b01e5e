package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/muxspb"
)

// filesPattern is the raw-bytes route; {path=**} takes the rest of the URL, slashes included.
const filesPattern = "/v1/files/{path=**}"

// checksumHeader carries the file's SHA-256 in hex (also the ETag, quoted).
const checksumHeader = "X-Checksum-Sha256"

// noClientTimeout leaves the files client's own per-call timeout out of the way: each request's
// context already carries the gateway's deadline (or the caller's Grpc-Timeout).
const noClientTimeout = 365 * 24 * time.Hour

// errRangeDone stops a download once a Range's last byte has been written.
var errRangeDone = errors.New("range complete")

// fileRoutes streams raw bytes between HTTP bodies and FileController's Upload/Download, a
// chunk at a time, so memory stays flat whatever the file size.
type fileRoutes struct {
	mux       *runtime.ServeMux
	client    *files.Client
	maxUpload int64
}

func registerFileRoutes(mux *runtime.ServeMux, client *files.Client, maxUpload int64) error {
	routes := &fileRoutes{mux: mux, client: client, maxUpload: maxUpload}
	if err := mux.HandlePath(http.MethodGet, filesPattern, routes.get); err != nil {
		return fmt.Errorf("registering GET %s: %w", filesPattern, err)
	}
	if err := mux.HandlePath(http.MethodPut, filesPattern, routes.put); err != nil {
		return fmt.Errorf("registering PUT %s: %w", filesPattern, err)
	}
	return nil
}

// get answers with the file's bytes. A first pass over Download hashes the file (constant
// memory) for ETag and the checksum header, so a client can verify what it got and revalidate
// with If-None-Match; the second pass streams the bytes (or the requested Range).
func (f *fileRoutes) get(w http.ResponseWriter, r *http.Request, params map[string]string) {
	ctx, err := f.annotate(r, muxspb.FileController_Download_FullMethodName)
	if err != nil {
		f.fail(ctx, w, r, err)
		return
	}
	name := params["path"]
	digest := sha256.New()
	size, err := f.client.Download(ctx, name, 0, digest)
	if err != nil {
		f.fail(ctx, w, r, grpcStatus(err))
		return
	}
	sum := hex.EncodeToString(digest.Sum(nil))
	etag := `"` + sum + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set(checksumHeader, sum)
	w.Header().Set("Accept-Ranges", "bytes")
	if match := r.Header.Get("If-None-Match"); match != "" && (match == "*" || strings.Contains(match, etag)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	first, last, partial, ok := parseRange(r.Header.Get("Range"), size)
	if !ok {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", size))
		f.fail(ctx, w, r, &runtime.HTTPStatusError{HTTPStatus: http.StatusRequestedRangeNotSatisfiable,
			Err: status.Errorf(codes.OutOfRange, "range %q is outside the file's %d bytes", r.Header.Get("Range"), size)})
		return
	}
	length := last - first + 1
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(length, 10))
	if partial {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, size))
		w.WriteHeader(http.StatusPartialContent)
	}
	if length == 0 {
		return
	}
	body := &rangeWriter{w: w, remaining: length, digest: sha256.New()}
	_, err = f.client.Download(ctx, name, first, body)
	if err != nil && !errors.Is(err, errRangeDone) || body.remaining != 0 ||
		!partial && hex.EncodeToString(body.digest.Sum(nil)) != sum {
		// The headers are out, so the only honest signal left is to cut the response: the file
		// changed or vanished between the passes, or the backend failed mid-stream.
		panic(http.ErrAbortHandler)
	}
}

// put stores the request body as the file, streamed into Upload; the size is announced when
// the request says it (Content-Length), so the server refuses an oversized file before any byte.
func (f *fileRoutes) put(w http.ResponseWriter, r *http.Request, params map[string]string) {
	ctx, err := f.annotate(r, muxspb.FileController_Upload_FullMethodName)
	if err != nil {
		f.fail(ctx, w, r, err)
		return
	}
	if f.maxUpload > 0 && r.ContentLength > f.maxUpload {
		writeError(w, http.StatusRequestEntityTooLarge, int(codes.ResourceExhausted),
			fmt.Sprintf("file is larger than the gateway's upload limit of %d bytes", f.maxUpload))
		return
	}
	var body io.Reader = r.Body
	if f.maxUpload > 0 {
		body = http.MaxBytesReader(w, r.Body, f.maxUpload)
	}
	reply, err := f.client.Upload(ctx, params["path"], body, r.ContentLength)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, int(codes.ResourceExhausted),
				fmt.Sprintf("file is larger than the gateway's upload limit of %d bytes", f.maxUpload))
			return
		}
		f.fail(ctx, w, r, grpcStatus(err))
		return
	}
	w.Header().Set("ETag", `"`+reply.GetSha256()+`"`)
	w.Header().Set(checksumHeader, reply.GetSha256())
	_, out := runtime.MarshalerForRequest(f.mux, r)
	runtime.ForwardResponseMessage(ctx, f.mux, out, w, r, reply)
}

// annotate gives the backend call what grpc-gateway gives its own routes: the caller's
// Authorization and Grpc-Timeout, forwarded metadata, the method name.
func (f *fileRoutes) annotate(r *http.Request, method string) (context.Context, error) {
	return runtime.AnnotateContext(r.Context(), f.mux, r, method, runtime.WithHTTPPathPattern(filesPattern))
}

func (f *fileRoutes) fail(ctx context.Context, w http.ResponseWriter, r *http.Request, err error) {
	_, out := runtime.MarshalerForRequest(f.mux, r)
	runtime.HTTPError(ctx, f.mux, out, w, r, err)
}

// rangeWriter passes on at most remaining bytes, hashing them, then stops the download.
type rangeWriter struct {
	w         io.Writer
	remaining int64
	digest    hash.Hash
}

func (rw *rangeWriter) Write(p []byte) (int, error) {
	wanted := p
	if int64(len(wanted)) > rw.remaining {
		wanted = wanted[:rw.remaining]
	}
	n, err := rw.w.Write(wanted)
	rw.digest.Write(wanted[:n])
	rw.remaining -= int64(n)
	if err != nil {
		return n, err
	}
	if n < len(p) { // the range ends inside p
		return n, errRangeDone
	}
	return n, nil
}

// parseRange reads a single "bytes=first-last", "bytes=first-" or "bytes=-suffix" range
// against size. partial is false for no (or an unsupported, e.g. multi-part) Range header,
// which means the whole file; ok is false when the range lies outside the file (416).
func parseRange(header string, size int64) (first, last int64, partial, ok bool) {
	spec, found := strings.CutPrefix(header, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, size - 1, false, true
	}
	from, to, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, size - 1, false, true
	}
	if from == "" { // the last `to` bytes
		suffix, err := strconv.ParseInt(to, 10, 64)
		if err != nil || suffix <= 0 {
			return 0, size - 1, false, true
		}
		if size == 0 {
			return 0, 0, true, false
		}
		return max(size-suffix, 0), size - 1, true, true
	}
	first, err := strconv.ParseInt(from, 10, 64)
	if err != nil || first < 0 {
		return 0, size - 1, false, true
	}
	last = size - 1
	if to != "" {
		if last, err = strconv.ParseInt(to, 10, 64); err != nil || last < first {
			return 0, size - 1, false, true
		}
		last = min(last, size-1)
	}
	if first >= size {
		return 0, 0, true, false
	}
	return first, last, true, true
}
