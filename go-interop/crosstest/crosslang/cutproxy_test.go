package crosslang

import (
	"io"
	"net"
	"sync"
	"testing"
)

// cutProxy forwards TCP connections on loopback to a backend and can cut every connection open
// so far at once: the client sees its connection lost (UNAVAILABLE) while the server may still
// finish the call it had received, which is how an answer gets lost in transit.
type cutProxy struct {
	listener net.Listener
	backend  string
	mu       sync.Mutex
	conns    []net.Conn
	wg       sync.WaitGroup
}

// startCutProxy listens on a free loopback port; it closes at t's cleanup.
func startCutProxy(t *testing.T, backend string) *cutProxy {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{listener: listener, backend: backend}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(func() {
		listener.Close()
		p.cutAll()
		p.wg.Wait()
	})
	return p
}

// Addr is where clients connect.
func (p *cutProxy) Addr() string { return p.listener.Addr().String() }

func (p *cutProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.listener.Accept()
		if err != nil {
			return // closed
		}
		server, err := net.Dial("tcp", p.backend)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, client, server)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pipe(server, client)
		go p.pipe(client, server)
	}
}

func (p *cutProxy) pipe(to, from net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(to, from)
	to.Close()
	from.Close()
}

// cutAll closes every connection open now; new ones are forwarded again.
func (p *cutProxy) cutAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
