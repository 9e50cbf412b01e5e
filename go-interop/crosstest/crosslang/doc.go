// Package crosslang holds the Go suite that runs against the real Java server jar: every RPC of
// every service, every error status of docs/services.md, deadlines and cancellation, over the wire.
// Its TestMain starts the jar on a free loopback port and stops it with SIGTERM (exit 0 required).
package crosslang
