package gateway

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Every JSON route of proto/gateway/polyglot.yaml against the Java server, with exact bodies.
func TestUnaryRoutesAnswerLikeTheServices(t *testing.T) {
	gw := plainGateway(t)
	for _, tc := range []struct{ method, path, body, want string }{
		// The original demo's call, byte for byte.
		{"POST", "/v1/hello", `{"name": "world"}`, `{"message":"Hello, world!"}`},
		{"POST", "/v1/square", `{"value": 231}`, `{"value":15.198684}`},
		{"POST", "/v1/muxs/hello", `{"name": "you"}`, `{"message":"Hello, you!"}`},
		{"POST", "/v1/muxs/square", `{"value": 231}`, `{"value":15.198684}`},
		{"POST", "/v1/hello-service", `{"value": "test"}`, `{"value":"hello:test"}`},
		// docs/services.md's worked GCN example: both nodes sigmoid(0.35).
		{"POST", "/v1/graph:process", `{"nodes": [{"id": "node1", "features": [0.1, 0.2, 0.3]},
			{"id": "node2", "features": [0.4, 0.5, 0.6]}], "edges": [{"sourceId": "node1", "targetId": "node2"}]}`,
			`{"nodeScores":{"node1":0.5866176,"node2":0.5866176}}`},
		{"POST", "/v1/graph:process", `{}`, `{"nodeScores":{}}`},
		{"PUT", "/v1/texts/notes/today.txt", `{"text": "grüß dich"}`, `{"code":"0"}`},
		{"GET", "/v1/texts/notes/today.txt", "", `{"text":"grüß dich"}`},
		{"GET", "/v1/folders/notes", "", `{"entries":[{"name":"today.txt","size":"11","isDir":false}]}`},
		{"GET", "/healthz", "", `{"status":"SERVING"}`},
		{"GET", "/healthz?service=GCNService", "", `{"status":"SERVING"}`},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			call(t, tc.method, gw.URL+tc.path, tc.body).want(t, http.StatusOK, tc.want)
		})
	}
	root := call(t, "GET", gw.URL+"/v1/folders", "")
	if root.Status != http.StatusOK || !strings.Contains(root.Body, `{"name":"notes","size":"0","isDir":true}`) {
		t.Errorf("GET /v1/folders: %d %s, want the notes folder", root.Status, root.Body)
	}
}

func TestTaskRoutesSubmitQueryAndStreamTasks(t *testing.T) {
	gw := plainGateway(t)
	var receipt struct{ TaskID string }
	r := call(t, "POST", gw.URL+"/v1/tasks", `{"task": "gateway-single"}`)
	if err := json.Unmarshal([]byte(r.Body), &receipt); r.Status != http.StatusOK || err != nil || receipt.TaskID == "" {
		t.Fatalf("POST /v1/tasks: %d %s", r.Status, r.Body)
	}
	call(t, "GET", gw.URL+"/v1/tasks/"+receipt.TaskID, "").want(t, http.StatusOK, fmt.Sprintf(
		`{"taskId":"%s","task":"gateway-single","state":"TASK_STATE_QUEUED","result":"","deliveries":0}`, receipt.TaskID))

	var batch struct{ TaskIDs []string }
	r = call(t, "POST", gw.URL+"/v1/tasks:batch", `{"tasks": ["gateway-a", "gateway-b"]}`)
	if err := json.Unmarshal([]byte(r.Body), &batch); r.Status != http.StatusOK || err != nil || len(batch.TaskIDs) != 2 {
		t.Fatalf("POST /v1/tasks:batch: %d %s", r.Status, r.Body)
	}
	call(t, "GET", gw.URL+"/v1/tasks/no-such-task", "").wantError(t, http.StatusNotFound, 5, "no-such-task")

	// getTask as newline-delimited JSON: this request becomes a worker and is handed the queue.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", gw.URL+"/v1/tasks:stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/tasks:stream: %d", resp.StatusCode)
	}
	want := map[string]string{receipt.TaskID: "gateway-single", batch.TaskIDs[0]: "gateway-a", batch.TaskIDs[1]: "gateway-b"}
	lines := bufio.NewScanner(resp.Body)
	for len(want) > 0 && lines.Scan() {
		var line struct{ Result struct{ Task, TaskID string } }
		if err := json.Unmarshal(lines.Bytes(), &line); err != nil {
			t.Fatalf("stream line %q is not {\"result\": ServerMsg}: %v", lines.Text(), err)
		}
		if task, ok := want[line.Result.TaskID]; ok {
			if task != line.Result.Task {
				t.Errorf("task %s came as %q, want %q", line.Result.TaskID, line.Result.Task, task)
			}
			delete(want, line.Result.TaskID)
		}
	}
	if len(want) > 0 {
		t.Fatalf("stream ended (%v) before delivering %v", lines.Err(), want)
	}
	status := call(t, "GET", gw.URL+"/v1/tasks/"+receipt.TaskID, "")
	if !strings.Contains(status.Body, `"state":"TASK_STATE_IN_FLIGHT"`) {
		t.Errorf("task status while its worker stream is open: %s", status.Body)
	}
}

func TestServesTheOpenAPIDocument(t *testing.T) {
	gw := plainGateway(t)
	r := call(t, "GET", gw.URL+OpenAPIPath, "")
	var doc struct {
		Swagger string
		Paths   map[string]map[string]any
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); r.Status != http.StatusOK || err != nil || doc.Swagger != "2.0" {
		t.Fatalf("GET %s: %d, %v", OpenAPIPath, r.Status, err)
	}
	for path, method := range map[string]string{"/v1/hello": "post", "/v1/graph:process": "post",
		"/v1/tasks/{taskId}": "get", "/v1/tasks:stream": "get", "/v1/texts/{filename}": "put"} {
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("the document has no %s %s", method, path)
		}
	}
}

func TestSwaggerUISaysHowToInstallItWhenMissing(t *testing.T) {
	call(t, "GET", plainGateway(t).URL+"/swagger-ui/", "").wantError(t, http.StatusNotFound, 5, "-swagger_ui_dir")
}

func TestIdempotencyKeyHeaderReachesTheBackend(t *testing.T) {
	gw := plainGateway(t)
	key := fmt.Sprintf("gateway-key-%d", time.Now().UnixNano())
	submit := func(route, body string) string {
		r := call(t, "POST", gw.URL+route, body, "Idempotency-Key: "+key+route)
		if r.Status != http.StatusOK {
			t.Fatalf("POST %s: %d %s", route, r.Status, r.Body)
		}
		return r.Body
	}
	// The same key answers the same ids: the backend saw it and queued nothing the second time.
	for _, c := range []struct{ route, body string }{
		{"/v1/tasks", `{"task": "gateway-once"}`},
		{"/v1/tasks:batch", `{"tasks": ["gateway-once-a", "gateway-once-b"]}`},
	} {
		if first, again := submit(c.route, c.body), submit(c.route, c.body); first != again {
			t.Errorf("POST %s twice with one Idempotency-Key: %s then %s", c.route, first, again)
		}
	}
	// The same key with another body is refused, naming the key.
	r := call(t, "POST", gw.URL+"/v1/tasks", `{"task": "another"}`, "Idempotency-Key: "+key+"/v1/tasks")
	r.wantError(t, http.StatusBadRequest, 9, key)
}
