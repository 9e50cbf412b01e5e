// Package pairings holds the tests of the original demos' cross-language pairings that involve
// Go: the Go client against the Python reference servers (sync and grpc.aio). The Python client
// against the Go reference server (cmd/refserver) is tested on the Python side; the Go client
// against the Go server is cmd/refserver's own test.
package pairings
