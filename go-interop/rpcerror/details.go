// Package rpcerror decodes the machine-readable details of a failed call: the google.rpc.Status
// the server sends in the grpc-status-details-bin trailer (docs/errors.md). The Java and Python
// clients decode and print the same fields the same way.
package rpcerror

import (
	"fmt"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// FieldViolation is one request field at fault, as a path into the request
// ("edges[3].target_id"), and why.
type FieldViolation struct {
	Field       string
	Description string
}

// Details holds ErrorInfo's stable reason and domain, BadRequest's field violations and
// RetryInfo's delay (HasRetryDelay tells a zero delay from none).
type Details struct {
	Reason          string
	Domain          string
	FieldViolations []FieldViolation
	RetryDelay      time.Duration
	HasRetryDelay   bool
}

// Of returns the details err carries; false when err has no status or the status no details.
func Of(err error) (Details, bool) {
	st, ok := status.FromError(err)
	if !ok || st == nil || len(st.Details()) == 0 {
		return Details{}, false
	}
	var d Details
	for _, detail := range st.Details() {
		switch v := detail.(type) {
		case *errdetails.ErrorInfo:
			d.Reason, d.Domain = v.GetReason(), v.GetDomain()
		case *errdetails.BadRequest:
			for _, violation := range v.GetFieldViolations() {
				d.FieldViolations = append(d.FieldViolations,
					FieldViolation{Field: violation.GetField(), Description: violation.GetDescription()})
			}
		case *errdetails.RetryInfo:
			d.RetryDelay, d.HasRetryDelay = v.GetRetryDelay().AsDuration(), true
		}
		// Anything else (a type this client does not know, or one that failed to unpack and
		// arrives as an error value) is skipped: the code and message still stand.
	}
	return d, true
}

// Lines are what a command-line client prints under its failure line, indented two spaces.
func (d Details) Lines() []string {
	var lines []string
	if d.Reason != "" {
		lines = append(lines, fmt.Sprintf("  reason: %s (domain %s)", d.Reason, d.Domain))
	}
	for _, violation := range d.FieldViolations {
		lines = append(lines, "  field: "+violation.Field)
	}
	if d.HasRetryDelay {
		lines = append(lines, fmt.Sprintf("  retry after: %.3fs", d.RetryDelay.Seconds()))
	}
	return lines
}

// LinesOf is Of(err).Lines(), or nil when err carries no details.
func LinesOf(err error) []string {
	if d, ok := Of(err); ok {
		return d.Lines()
	}
	return nil
}
