package testserver

import (
	"os/exec"
	"testing"
)

// StartJavaForTest is StartJava for one test: it fails t if the server does not start, and
// stops it at t's cleanup, failing t unless it exits 0.
func StartJavaForTest(t testing.TB, extra ...string) *Server {
	t.Helper()
	s, err := StartJava(extra...)
	return stoppedAtCleanup(t, s, err)
}

// StartForTest is Start for one test, with StartJavaForTest's failures and cleanup.
func StartForTest(t testing.TB, newCommand func(dir string) *exec.Cmd) *Server {
	t.Helper()
	s, err := Start(newCommand)
	return stoppedAtCleanup(t, s, err)
}

func stoppedAtCleanup(t testing.TB, s *Server, err error) *Server {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Error(err)
		}
	})
	return s
}
