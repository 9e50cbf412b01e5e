// Package addressbook reads and writes the protocol buffers tutorial's address book file (one
// serialized tutorial.AddressBook), as the Java and Python CLIs do: the same checks, the same
// list format, byte-compatible files, and fields this schema does not know kept on rewrite.
package addressbook

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/tutorialpb"
)

// Load reads the book in path; a missing file is an empty book. A file that does not parse
// (truncated, corrupt, not an address book) is an error naming it, and is left as it is.
func Load(path string) (*tutorialpb.AddressBook, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &tutorialpb.AddressBook{}, nil
	}
	if err != nil {
		return nil, err
	}
	book := &tutorialpb.AddressBook{}
	if err := proto.Unmarshal(data, book); err != nil {
		return nil, fmt.Errorf("%s is not a valid address book (%d bytes; truncated or corrupt?): %v; "+
			"the file was left unchanged", path, len(data), err)
	}
	return book, nil
}

// NextID is one more than the largest id in the book (1 for an empty book).
func NextID(book *tutorialpb.AddressBook) int32 {
	var largest int32
	for _, p := range book.GetPeople() {
		largest = max(largest, p.GetId())
	}
	return largest + 1
}

// Add appends person unless the book already holds someone with the same id.
func Add(book *tutorialpb.AddressBook, person *tutorialpb.Person) error {
	for _, p := range book.GetPeople() {
		if p.GetId() == person.GetId() {
			return fmt.Errorf("person ID %d is already in the address book (%s)", p.GetId(), p.GetName())
		}
	}
	book.People = append(book.People, person)
	return nil
}

// Save writes the book atomically: a temporary file in the same folder, flushed to disk, then
// renamed over path, so a crash leaves either the old book or the new one, never half of one.
func Save(path string, book *tutorialpb.AddressBook) error {
	data, err := proto.Marshal(book)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes the rename itself durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// phoneLabels are the tutorial's list labels by phone type.
var phoneLabels = map[tutorialpb.Person_PhoneType]string{
	tutorialpb.Person_PHONE_TYPE_MOBILE: "Mobile phone #",
	tutorialpb.Person_PHONE_TYPE_HOME:   "Home phone #",
	tutorialpb.Person_PHONE_TYPE_WORK:   "Work phone #",
}

// List writes every person in the tutorial's list_people format.
func List(w io.Writer, book *tutorialpb.AddressBook) error {
	var b strings.Builder
	for _, p := range book.GetPeople() {
		fmt.Fprintf(&b, "Person ID: %d\n", p.GetId())
		fmt.Fprintf(&b, "  Name: %s\n", p.GetName())
		if p.GetEmail() != "" {
			fmt.Fprintf(&b, "  E-mail address: %s\n", p.GetEmail())
		}
		for _, phone := range p.GetPhones() {
			label, ok := phoneLabels[phone.GetType()]
			if !ok {
				label = "Phone #"
			}
			fmt.Fprintf(&b, "  %s: %s\n", label, phone.GetNumber())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ParsePhone parses "NUMBER:mobile|home|work" (the type after the last colon).
func ParsePhone(value string) (*tutorialpb.Person_PhoneNumber, error) {
	i := strings.LastIndex(value, ":")
	types := map[string]tutorialpb.Person_PhoneType{
		"mobile": tutorialpb.Person_PHONE_TYPE_MOBILE,
		"home":   tutorialpb.Person_PHONE_TYPE_HOME,
		"work":   tutorialpb.Person_PHONE_TYPE_WORK,
	}
	if i <= 0 {
		return nil, fmt.Errorf("phone %q: want NUMBER:mobile|home|work", value)
	}
	kind, ok := types[strings.ToLower(value[i+1:])]
	if !ok {
		return nil, fmt.Errorf("phone %q: type %q is not mobile, home or work", value, value[i+1:])
	}
	return &tutorialpb.Person_PhoneNumber{Number: value[:i], Type: kind}, nil
}
