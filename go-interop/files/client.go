// Package files is a small client for muxs.FileController: whole-text Read/Write, streamed
// Upload/Download of any bytes, and List.
package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/muxspb"
)

// ChunkSize is how many bytes each Upload message carries: large enough that per-message
// overhead is negligible, small enough to stay far below any message limit.
const ChunkSize = 256 << 10

// Client calls /muxs.FileController/*, each call (a whole stream, for Upload and Download)
// bounded by its timeout.
type Client struct {
	rpc     muxspb.FileControllerClient
	timeout time.Duration
}

// New returns a client over cc whose every call has the given timeout.
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: muxspb.NewFileControllerClient(cc), timeout: timeout}
}

// Read returns the whole text of a UTF-8 file.
func (c *Client) Read(ctx context.Context, filename string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	reply, err := c.rpc.Read(ctx, &muxspb.Files{Filename: filename})
	if err != nil {
		return "", fmt.Errorf("muxs.FileController/Read(%q): %w", filename, err)
	}
	return reply.GetText(), nil
}

// Write atomically replaces (or creates) filename with text.
func (c *Client) Write(ctx context.Context, filename, text string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	reply, err := c.rpc.Write(ctx, &muxspb.Files{Filename: filename, Text: text})
	if err != nil {
		return fmt.Errorf("muxs.FileController/Write(%q): %w", filename, err)
	}
	// Failures are statuses, so a non-zero code means the server broke the contract.
	if reply.GetCode() != 0 {
		return fmt.Errorf("muxs.FileController/Write(%q): reply code %d, want 0", filename, reply.GetCode())
	}
	return nil
}

// List returns the entries of the folder path ("" = the root), sorted by name.
func (c *Client) List(ctx context.Context, path string) ([]*muxspb.FileEntry, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	reply, err := c.rpc.List(ctx, &muxspb.ListRequest{Path: path})
	if err != nil {
		return nil, fmt.Errorf("muxs.FileController/List(%q): %w", path, err)
	}
	return reply.GetEntries(), nil
}

// Upload streams everything r yields into filename and returns the server's reply, after
// checking its size and SHA-256 against what was sent. size is announced in the header when
// >= 0 (the server then refuses a mismatch or an oversized file up front); -1 announces nothing.
func (c *Client) Upload(ctx context.Context, filename string, r io.Reader, size int64) (*muxspb.UploadReply, error) {
	reply, err := c.upload(ctx, filename, r, size)
	if err != nil {
		return nil, fmt.Errorf("muxs.FileController/Upload(%q): %w", filename, err)
	}
	return reply, nil
}

func (c *Client) upload(ctx context.Context, filename string, r io.Reader, size int64) (*muxspb.UploadReply, error) {
	// Cancelling the context on any early return aborts the stream, so the server keeps nothing.
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	stream, err := c.rpc.Upload(ctx)
	if err != nil {
		return nil, err
	}
	header := &muxspb.UploadHeader{Filename: filename}
	if size >= 0 {
		header.Size = size
	}
	if err := stream.Send(&muxspb.UploadRequest{Kind: &muxspb.UploadRequest_Header{Header: header}}); err != nil {
		return nil, closeAndExplain(stream, err)
	}
	digest := sha256.New()
	var sent int64
	for {
		// A fresh buffer per chunk: grpc-go says a message must not be modified after
		// SendMsg, because stats handlers may read it later.
		buf := make([]byte, ChunkSize)
		n, readErr := io.ReadFull(r, buf)
		if n > 0 {
			digest.Write(buf[:n])
			sent += int64(n)
			if err := stream.Send(&muxspb.UploadRequest{Kind: &muxspb.UploadRequest_Chunk{Chunk: buf[:n]}}); err != nil {
				return nil, closeAndExplain(stream, err)
			}
		}
		if readErr == io.EOF || readErr == io.ErrUnexpectedEOF {
			break
		}
		if readErr != nil {
			if ctx.Err() != nil {
				// Cancelled or timed out while the reader was busy: that is the cause.
				return nil, status.FromContextError(ctx.Err()).Err()
			}
			return nil, fmt.Errorf("reading the local data: %w", readErr)
		}
	}
	reply, err := stream.CloseAndRecv()
	if err != nil {
		return nil, err
	}
	if want := hex.EncodeToString(digest.Sum(nil)); reply.GetSize() != sent || reply.GetSha256() != want {
		return nil, fmt.Errorf("server stored %d bytes with sha256 %s, sent %d bytes with sha256 %s",
			reply.GetSize(), reply.GetSha256(), sent, want)
	}
	return reply, nil
}

// closeAndExplain turns a failed Send into the call's real status: Send only reports io.EOF
// when the server has ended the stream, and the reason is in the status RecvMsg returns.
func closeAndExplain(stream grpc.ClientStreamingClient[muxspb.UploadRequest, muxspb.UploadReply], sendErr error) error {
	if !errors.Is(sendErr, io.EOF) {
		return sendErr
	}
	_, err := stream.CloseAndRecv()
	if err == nil {
		return errors.New("server ended the upload early without an error")
	}
	return err
}

// Download writes filename's bytes from offset on to w and returns how many were written.
func (c *Client) Download(ctx context.Context, filename string, offset int64, w io.Writer) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	stream, err := c.rpc.Download(ctx, &muxspb.DownloadRequest{Filename: filename, Offset: offset})
	if err != nil {
		return 0, fmt.Errorf("muxs.FileController/Download(%q): %w", filename, err)
	}
	var written int64
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return written, nil
		}
		if err != nil {
			return written, fmt.Errorf("muxs.FileController/Download(%q) after %d bytes: %w", filename, written, err)
		}
		n, err := w.Write(chunk.GetData())
		written += int64(n)
		if err != nil {
			// Returning cancels the context, which cancels the stream on the server too.
			return written, fmt.Errorf("muxs.FileController/Download(%q): writing locally: %w", filename, err)
		}
	}
}
