//go:build browser

package gateway

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// webDriver is the few W3C WebDriver commands the browser test needs, spoken over HTTP to
// chromedriver: small enough that a client library would add more than it saves.
type webDriver struct {
	t       *testing.T
	base    string // http://127.0.0.1:PORT/session/ID
	timeout time.Duration
}

// elementKey is the W3C name of the element reference in WebDriver replies.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// startChrome runs chromedriver on a free loopback port and opens a headless Chromium session;
// both end at cleanup.
func startChrome(t *testing.T) *webDriver {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := lis.Addr().(*net.TCPAddr).Port
	lis.Close()
	driver := exec.Command("chromedriver", fmt.Sprintf("--port=%d", port))
	if err := driver.Start(); err != nil {
		t.Fatalf("starting chromedriver (scripts/test browser installs it): %v", err)
	}
	t.Cleanup(func() {
		_ = driver.Process.Kill()
		_ = driver.Wait()
	})
	root := fmt.Sprintf("http://127.0.0.1:%d", port)
	wd := &webDriver{t: t, base: root, timeout: 60 * time.Second}
	wd.waitFor("chromedriver to be ready", func() bool {
		resp, err := http.Get(root + "/status")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	var session struct{ SessionID string }
	wd.do("POST", "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": "/usr/bin/chromium",
			// --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1100,1750"},
		},
	}}}, &session)
	wd.base = root + "/session/" + session.SessionID
	t.Cleanup(func() { wd.do("DELETE", "", nil, nil) })
	return wd
}

// do sends one command and decodes the reply's "value" into out (when not nil).
func (wd *webDriver) do(method, path string, body, out any) {
	wd.t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, wd.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: wd.timeout}).Do(req)
	if err != nil {
		wd.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var reply struct{ Value json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil || resp.StatusCode != http.StatusOK {
		wd.t.Fatalf("webdriver %s %s: %d %s (%v)", method, path, resp.StatusCode, reply.Value, err)
	}
	if out != nil {
		if err := json.Unmarshal(reply.Value, out); err != nil {
			wd.t.Fatalf("webdriver %s %s: reply %s: %v", method, path, reply.Value, err)
		}
	}
}

// waitFor polls cond until it holds, failing the test after the driver's timeout.
func (wd *webDriver) waitFor(what string, cond func() bool) {
	wd.t.Helper()
	deadline := time.Now().Add(wd.timeout)
	for !cond() {
		if time.Now().After(deadline) {
			wd.t.Fatalf("gave up waiting %v for %s", wd.timeout, what)
		}
		time.Sleep(100 * time.Millisecond) // polling a browser's DOM has no event to wait on
	}
}

func (wd *webDriver) open(url string) {
	wd.do("POST", "/url", map[string]string{"url": url}, nil)
}

// find returns the references of the elements matching a CSS selector (none is not an error).
func (wd *webDriver) find(css string) []string {
	var found []map[string]string
	wd.do("POST", "/elements", map[string]string{"using": "css selector", "value": css}, &found)
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f[elementKey]
	}
	return ids
}

// waitElement waits for the first element matching css and returns it.
func (wd *webDriver) waitElement(css string) string {
	var id string
	wd.waitFor(css, func() bool {
		if found := wd.find(css); len(found) > 0 {
			id = found[0]
			return true
		}
		return false
	})
	return id
}

func (wd *webDriver) click(element string) {
	wd.do("POST", "/element/"+element+"/click", map[string]any{}, nil)
}

func (wd *webDriver) clear(element string) {
	wd.do("POST", "/element/"+element+"/clear", map[string]any{}, nil)
}

func (wd *webDriver) typeText(element, text string) {
	wd.do("POST", "/element/"+element+"/value", map[string]string{"text": text}, nil)
}

func (wd *webDriver) text(element string) string {
	var s string
	wd.do("GET", "/element/"+element+"/text", nil, &s)
	return s
}

// script runs JavaScript in the page (arguments may be element references).
func (wd *webDriver) script(js string, elements ...string) {
	args := make([]any, len(elements))
	for i, e := range elements {
		args[i] = map[string]string{elementKey: e}
	}
	wd.do("POST", "/execute/sync", map[string]any{"script": js, "args": args}, nil)
}

// screenshot returns the visible page as PNG.
func (wd *webDriver) screenshot() []byte {
	var encoded string
	wd.do("GET", "/screenshot", nil, &encoded)
	png, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		wd.t.Fatal(err)
	}
	return png
}
