package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAddressBookAddThenList(t *testing.T) {
	file := filepath.Join(t.TempDir(), "book.bin")
	for _, args := range [][]string{
		{"addressbook", "add", "--name", "Ada Lovelace", "--email", "ada@example.com", "--phone", "555-0100:home", file},
		{"addressbook", "add", "--id", "7", "--name", "Bob", file},
	} {
		if code, _, errOut := runClient(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	code, out, _ := runClient("addressbook", "list", file)
	want := "Person ID: 1\n  Name: Ada Lovelace\n  E-mail address: ada@example.com\n  Home phone #: 555-0100\n" +
		"Person ID: 7\n  Name: Bob\n"
	if code != 0 || out != want {
		t.Errorf("list: exit %d, stdout %q, want %q", code, out, want)
	}
	before, _ := os.ReadFile(file)
	code, _, errOut := runClient("addressbook", "add", "--id", "7", "--name", "Eve", file)
	after, _ := os.ReadFile(file)
	if code != exitCallFailed || !strings.Contains(errOut, "person ID 7 is already in the address book (Bob)") ||
		string(before) != string(after) {
		t.Errorf("duplicate id: exit %d, stderr %q, file changed %v", code, errOut, string(before) != string(after))
	}
	if code, _, _ := runClient("addressbook", "add", "--name", "No File"); code != exitUsage {
		t.Errorf("add without FILE: exit %d, want %d", code, exitUsage)
	}
}
