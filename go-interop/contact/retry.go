package contact

import (
	"context"
	"time"

	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// IdempotencyKeyHeader is the request metadata that makes a submit safe to repeat: the server
// answers a repeat of a key it has stored (within its retention window) with the original task
// ids and queues nothing (docs/contact.md).
const IdempotencyKeyHeader = "idempotency-key"

// Retry says how a submit that failed UNAVAILABLE (server or database gone, shutdown) is tried
// again, always with the same idempotency key, so a submit whose answer was lost after it was
// stored is not queued twice. Every attempt runs under the one deadline of the call.
type Retry struct {
	// Attempts is how many times a submit is sent at most (1: never retried).
	Attempts int
	// InitialBackoff is the wait before the first retry; it doubles up to MaxBackoff.
	InitialBackoff time.Duration
	// MaxBackoff caps the wait between attempts.
	MaxBackoff time.Duration
}

// DefaultRetry is the policy of a new Client: 4 attempts, 100 ms doubling up to 2 s.
var DefaultRetry = Retry{Attempts: 4, InitialBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}

type keyContextKey struct{}

// WithIdempotencyKey makes the submit called with the returned context use key instead of a
// fresh one: for a producer that retries a logical submit itself (e.g. after a restart) and
// must send the same key again. A key is 1 to 128 printable ASCII characters.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, keyContextKey{}, key)
}

// withKey returns ctx carrying the idempotency key of this logical submit: the caller's, or a
// fresh random UUID.
func withKey(ctx context.Context) context.Context {
	key, ok := ctx.Value(keyContextKey{}).(string)
	if !ok {
		key = uuid.NewString()
	}
	return metadata.AppendToOutgoingContext(ctx, IdempotencyKeyHeader, key)
}

// retrySubmit runs attempt until it succeeds, fails with anything but UNAVAILABLE, the policy's
// attempts are spent or ctx (the call's deadline) would end during the next backoff.
func (r Retry) retrySubmit(ctx context.Context, attempt func(context.Context) error) error {
	backoff := r.InitialBackoff
	for tries := 1; ; tries++ {
		err := attempt(ctx)
		if err == nil || status.Code(err) != codes.Unavailable || tries >= r.Attempts {
			return err
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < backoff {
			return err
		}
		timer := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return err
		case <-timer.C:
		}
		backoff = min(2*backoff, r.MaxBackoff)
	}
}
