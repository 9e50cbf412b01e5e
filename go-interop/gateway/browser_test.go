//go:build browser

package gateway

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// A person's path through Swagger UI in headless Chromium: open /swagger-ui/ of the real
// gateway (scripts/gateway, which installs the pinned swagger-ui-dist), "Try it out" on
// SayHello with "world", Execute, and read Hello, world! in the response panel. The screenshot
// goes to $GATEWAY_SCREENSHOT when set (scripts/test browser --screenshot), else the test's
// temp folder. Run by scripts/test browser (go test -tags browser).
func TestSwaggerUITryItOutSayHello(t *testing.T) {
	root, err := testserver.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	gw := testserver.StartForTest(t, func(string) *exec.Cmd {
		return exec.Command(filepath.Join(root, "scripts", "gateway"), "--backend", backend.Addr, "--port", "0")
	})

	wd := startChrome(t)
	wd.open("http://" + gw.Addr + "/swagger-ui/")
	// Swagger UI's element ids are "operations-TAG-OPERATIONID" with the tag CSS-escaped
	// (helloworld\.Greeter); the operation id alone is unique.
	operation := `[id^="operations-"][id$="-helloworld_Greeter_SayHello"]`
	wd.click(wd.waitElement(operation + " .opblock-summary-control"))
	wd.click(wd.waitElement(operation + " .try-out__btn"))
	body := wd.waitElement(operation + " textarea.body-param__text")
	wd.clear(body)
	wd.typeText(body, `{"name": "world"}`)
	wd.click(wd.waitElement(operation + " button.execute"))

	var response string
	wd.waitFor("the response panel to show the reply", func() bool {
		found := wd.find(operation + " .live-responses-table .response-col_description pre")
		if len(found) == 0 {
			return false
		}
		response = wd.text(found[0])
		return strings.Contains(response, "Hello")
	})
	if !strings.Contains(response, `"message": "Hello, world!"`) && !strings.Contains(response, `"message":"Hello, world!"`) {
		t.Errorf("response panel shows %q, want the reply {\"message\": \"Hello, world!\"}", response)
	}
	code := wd.text(wd.waitElement(operation + " .live-responses-table .response .response-col_status"))
	if strings.TrimSpace(code) != "200" {
		t.Errorf("response panel status %q, want 200", code)
	}

	// Frame the operation (request body to response) for the picture the docs show.
	wd.script(`arguments[0].scrollIntoView({block: "start"}); window.scrollBy(0, -10);`, wd.waitElement(operation))
	path := os.Getenv("GATEWAY_SCREENSHOT")
	if path == "" {
		path = filepath.Join(t.TempDir(), "swagger-ui.png")
	}
	if err := os.WriteFile(path, wd.screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
