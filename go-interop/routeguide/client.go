// Package routeguide is a small client of routeguide.RouteGuide, gRPC's route guide tutorial
// service: the four calls (unary, server streaming, client streaming, bidirectional), each bounded
// by the client's timeout.
package routeguide

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"

	pb "github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/routeguidepb"
)

// Client calls routeguide.RouteGuide over one connection.
type Client struct {
	rpc     pb.RouteGuideClient
	timeout time.Duration
}

// New returns a client over cc whose every call is bounded by timeout.
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: pb.NewRouteGuideClient(cc), timeout: timeout}
}

// Point builds a point from E7 coordinates (degrees times 10^7).
func Point(latitude, longitude int32) *pb.Point {
	return &pb.Point{Latitude: latitude, Longitude: longitude}
}

// Note builds a route note.
func Note(at *pb.Point, message string) *pb.RouteNote {
	return &pb.RouteNote{Location: at, Message: message}
}

// GetFeature returns the feature at p; its name is empty where there is none.
func (c *Client) GetFeature(ctx context.Context, p *pb.Point) (*pb.Feature, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	feature, err := c.rpc.GetFeature(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("routeguide.RouteGuide/GetFeature(%s): %w", Format(p), err)
	}
	return feature, nil
}

// ListFeatures returns the named features in the rectangle spanned by lo and hi, reading the
// stream as the server sends it.
func (c *Client) ListFeatures(ctx context.Context, lo, hi *pb.Point) ([]*pb.Feature, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	stream, err := c.rpc.ListFeatures(ctx, &pb.Rectangle{Lo: lo, Hi: hi})
	var features []*pb.Feature
	for err == nil {
		var feature *pb.Feature
		if feature, err = stream.Recv(); err == nil {
			features = append(features, feature)
		}
	}
	if !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("routeguide.RouteGuide/ListFeatures(%s, %s): %w", Format(lo), Format(hi), err)
	}
	return features, nil
}

// RecordRoute streams the points of a route and returns the server's summary of it.
func (c *Client) RecordRoute(ctx context.Context, points []*pb.Point) (*pb.RouteSummary, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	summary, err := c.recordRoute(ctx, points)
	if err != nil {
		return nil, fmt.Errorf("routeguide.RouteGuide/RecordRoute(%d points): %w", len(points), err)
	}
	return summary, nil
}

func (c *Client) recordRoute(ctx context.Context, points []*pb.Point) (*pb.RouteSummary, error) {
	stream, err := c.rpc.RecordRoute(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range points {
		// io.EOF means the server ended the call: CloseAndRecv returns its status.
		if err := stream.Send(p); err != nil {
			break
		}
	}
	return stream.CloseAndRecv()
}

// RouteChat sends notes while receiving, concurrently, the notes others left at the same
// locations earlier; it returns what it received once the server ends the stream.
func (c *Client) RouteChat(ctx context.Context, notes []*pb.RouteNote) ([]*pb.RouteNote, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	received, err := c.routeChat(ctx, notes)
	if err != nil {
		return nil, fmt.Errorf("routeguide.RouteGuide/RouteChat(%d notes): %w", len(notes), err)
	}
	return received, nil
}

func (c *Client) routeChat(ctx context.Context, notes []*pb.RouteNote) ([]*pb.RouteNote, error) {
	stream, err := c.rpc.RouteChat(ctx)
	if err != nil {
		return nil, err
	}
	// Send on its own goroutine: the server answers while we are still sending, and waits for
	// us to read (flow control) before it takes more notes.
	sent := make(chan error, 1)
	go func() {
		for _, note := range notes {
			if err := stream.Send(note); err != nil {
				sent <- nil // the server ended the call; Recv reports why
				return
			}
		}
		sent <- stream.CloseSend()
	}()
	var received []*pb.RouteNote
	for {
		note, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return received, <-sent
		}
		if err != nil {
			return nil, err
		}
		received = append(received, note)
	}
}

// Format prints a point as "(latitude, longitude)" in E7, as every language's CLI does.
func Format(p *pb.Point) string {
	return fmt.Sprintf("(%d, %d)", p.GetLatitude(), p.GetLongitude())
}
