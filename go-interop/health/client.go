// Package health is a small client for the standard grpc.health.v1.Health service.
package health

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// Client checks the serving status of the server ("") or of one service, bounded by its timeout.
type Client struct {
	rpc     healthpb.HealthClient
	timeout time.Duration
}

// New returns a client over cc whose every call has the given timeout.
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: healthpb.NewHealthClient(cc), timeout: timeout}
}

// Check returns the serving status of service ("" = the whole server), e.g. SERVING.
func (c *Client) Check(ctx context.Context, service string) (healthpb.HealthCheckResponse_ServingStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	reply, err := c.rpc.Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		return healthpb.HealthCheckResponse_UNKNOWN, fmt.Errorf("grpc.health.v1.Health/Check(%q): %w", service, err)
	}
	return reply.GetStatus(), nil
}
