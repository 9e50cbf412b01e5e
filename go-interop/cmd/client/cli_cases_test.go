package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliCase is one row of testdata/cli/cases.json, the table the Java, Python and Go CLIs all pass.
type cliCase struct {
	Name             string   `json:"name"`
	Args             []string `json:"args"`
	Exit             int      `json:"exit"`
	Stdout           []string `json:"stdout"`
	Stderr           []string `json:"stderr"`
	StderrStartsWith string   `json:"stderr_starts_with"`
}

func TestSharedCliCases(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "cli"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table struct{ Cases []cliCase }
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	if len(table.Cases) == 0 {
		t.Fatal("no cases in cases.json")
	}
	for _, c := range table.Cases {
		t.Run(c.Name, func(t *testing.T) {
			args := make([]string, len(c.Args))
			for i, arg := range c.Args {
				args[i] = strings.NewReplacer("{target}", server.Addr, "{dir}", dir).Replace(arg)
			}
			code, out, errOut := runClient(args...)
			if code != c.Exit {
				t.Errorf("%v: exit %d, want %d; stderr:\n%s", args, code, c.Exit, errOut)
			}
			if got := lines(out); strings.Join(got, "\n") != strings.Join(c.Stdout, "\n") {
				t.Errorf("%v: stdout %q, want %q", args, got, c.Stdout)
			}
			if c.Stderr != nil && strings.Join(lines(errOut), "\n") != strings.Join(c.Stderr, "\n") {
				t.Errorf("%v: stderr %q, want %q", args, lines(errOut), c.Stderr)
			}
			if !strings.HasPrefix(errOut, c.StderrStartsWith) || strings.Count(errOut, "\n") > 1 && c.StderrStartsWith != "" {
				t.Errorf("%v: stderr should be one line starting %q, got:\n%s", args, c.StderrStartsWith, errOut)
			}
		})
	}
}

func lines(text string) []string {
	if strings.TrimSpace(text) == "" {
		return []string{}
	}
	return strings.Split(strings.TrimRight(text, "\n"), "\n")
}
