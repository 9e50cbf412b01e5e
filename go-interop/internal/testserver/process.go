// Package testserver starts a real server process for tests (the Java server jar, or any command
// that prints "listening on HOST:PORT" first, like the Go and Python reference servers) and
// stops it the way an operator does (SIGTERM), checking that it exits 0.
package testserver

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// StartTimeout bounds how long a server may take to print its "listening on" line.
const StartTimeout = 60 * time.Second

// StopTimeout bounds how long a server may take to exit after SIGTERM (its grace is shorter).
const StopTimeout = 30 * time.Second

// Server is one running server process.
type Server struct {
	// Addr is the host:port the server printed after "listening on " (or another prefix).
	Addr string
	// Dir is a temporary folder for the server's files, removed when it stops.
	Dir string

	cmd    *exec.Cmd
	stderr *os.File
	exited chan error

	terminate    sync.Once
	terminateErr error
	stop         sync.Once
	stopErr      error
	killed       sync.Once
}

// Jar returns the server jar to run: $POLYGLOT_SERVER_JAR, or java-server/target/polyglot-server.jar
// in the repository that holds the current directory.
func Jar() (string, error) {
	if jar := os.Getenv("POLYGLOT_SERVER_JAR"); jar != "" {
		return jar, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", fmt.Errorf("%w; or set POLYGLOT_SERVER_JAR", err)
	}
	jar := filepath.Join(root, "java-server", "target", "polyglot-server.jar")
	if _, err := os.Stat(jar); err != nil {
		return "", fmt.Errorf("%s is missing: build it with scripts/build (scripts/test go does)", jar)
	}
	return jar, nil
}

// RepoRoot is the repository folder above the current directory (the one holding java-server/).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "java-server", "pom.xml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no java-server/ above the current directory")
		}
		dir = parent
	}
}

// StartJava runs `java -jar <Jar()> --port 0 --files-root <Dir>/files --data-dir <Dir>/data <extra...>`.
func StartJava(extra ...string) (*Server, error) {
	jar, err := Jar()
	if err != nil {
		return nil, err
	}
	return Start(func(dir string) *exec.Cmd {
		args := append([]string{"-jar", jar, "--port", "0", "--files-root", filepath.Join(dir, "files"),
			"--data-dir", filepath.Join(dir, "data")}, extra...)
		return exec.Command("java", args...)
	})
}

// Start runs the command newCommand builds (given the temporary folder Dir, which it may use)
// and waits for its first stdout line, "listening on HOST:PORT".
func Start(newCommand func(dir string) *exec.Cmd) (*Server, error) {
	return StartAnnouncing("listening on ", StartTimeout, newCommand)
}

// StartAnnouncing is Start for any process whose first stdout line is prefix followed by its
// address (scripts/scratch-postgres: "postgres on " and a JDBC URL), waiting at most timeout;
// Addr is the rest of that line. Stop works the same.
func StartAnnouncing(prefix string, timeout time.Duration, newCommand func(dir string) *exec.Cmd) (*Server, error) {
	tmp, err := os.MkdirTemp("", "polyglot-go-test-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: tmp, exited: make(chan error, 1)}
	if s.stderr, err = os.Create(filepath.Join(tmp, "server.err")); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	s.cmd = newCommand(tmp)
	s.cmd.Stderr = s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		s.cleanup()
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		s.cleanup()
		return nil, fmt.Errorf("starting %s: %w", s.cmd.Path, err)
	}
	lines := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			select {
			case lines <- scanner.Text():
			default: // only the first line matters; keep draining so the server never blocks
			}
		}
		// Wait only after stdout is drained, as os/exec requires with StdoutPipe.
		s.exited <- s.cmd.Wait()
	}()
	select {
	case line := <-lines:
		addr, ok := strings.CutPrefix(line, prefix)
		if !ok {
			s.kill()
			return nil, s.failed(fmt.Errorf("server's first line is %q, want %q and its address", line, prefix))
		}
		s.Addr = addr
		return s, nil
	case err := <-s.exited:
		return nil, s.failed(fmt.Errorf("server exited before printing %q (%v)", prefix, err))
	case <-time.After(timeout):
		s.kill()
		return nil, s.failed(fmt.Errorf("server did not print %q within %v", prefix, timeout))
	}
}

// Pid is the server's process id (benchmarks read its CPU time from /proc).
func (s *Server) Pid() int {
	return s.cmd.Process.Pid
}

// Terminate sends SIGTERM and returns at once, so a test can watch the server shut down; Stop
// then collects the exit. Sending it twice is harmless.
func (s *Server) Terminate() error {
	s.terminate.Do(func() { s.terminateErr = s.cmd.Process.Signal(syscall.SIGTERM) })
	return s.terminateErr
}

// Stop sends SIGTERM (unless Terminate did) and waits (bounded) for the process; it returns an
// error unless the server exited 0, the same on every call. The temporary folder is removed.
func (s *Server) Stop() error {
	s.stop.Do(func() { s.stopErr = s.stopOnce() })
	return s.stopErr
}

func (s *Server) stopOnce() error {
	if err := s.Terminate(); err != nil {
		s.kill()
		return s.failed(fmt.Errorf("sending SIGTERM: %w", err))
	}
	select {
	case err := <-s.exited:
		if err != nil {
			return s.failed(fmt.Errorf("server exited with %v after SIGTERM, want 0", err))
		}
		s.cleanup()
		return nil
	case <-time.After(StopTimeout):
		s.kill()
		return s.failed(fmt.Errorf("server still running %v after SIGTERM", StopTimeout))
	}
}

// Kill9 ends the server at once with SIGKILL, as a crash would, and removes its folder; again
// is harmless. Stop must not be called after it.
func (s *Server) Kill9() {
	s.killed.Do(func() {
		s.kill()
		s.cleanup()
	})
}

// kill ends the process without grace (after a failed start or stop).
func (s *Server) kill() {
	_ = s.cmd.Process.Kill()
	select {
	case <-s.exited:
	case <-time.After(StopTimeout):
	}
}

// failed adds the end of the server's log to err, then removes the temporary folder.
func (s *Server) failed(err error) error {
	err = fmt.Errorf("%w%s", err, s.logTail())
	s.cleanup()
	return err
}

func (s *Server) cleanup() {
	s.stderr.Close()
	os.RemoveAll(s.Dir)
}

// logTail is the end of the server's stderr, to explain a failure.
func (s *Server) logTail() string {
	data, err := os.ReadFile(s.stderr.Name())
	if err != nil || len(bytes.TrimSpace(data)) == 0 {
		return ""
	}
	const keep = 4000
	if len(data) > keep {
		data = data[len(data)-keep:]
	}
	return "\nserver stderr (end):\n" + string(data)
}
