package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/addressbook"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/tutorialpb"
)

const addressBookUsage = "usage: client addressbook add [-id N] -name NAME [-email E] [-phone NUMBER:mobile|home|work]... FILE\n" +
	"       client addressbook list FILE"

// phoneFlags collects every -phone given.
type phoneFlags []*tutorialpb.Person_PhoneNumber

func (p *phoneFlags) String() string { return fmt.Sprint(len(*p), " phones") }

func (p *phoneFlags) Set(value string) error {
	phone, err := addressbook.ParsePhone(value)
	if err == nil {
		*p = append(*p, phone)
	}
	return err
}

// runAddressBook is the protobuf tutorial's add_person / list_people on a local file; it talks
// to no server. Exit codes as the rest of the client: 1 when the file cannot be used, 2 on usage.
func runAddressBook(args []string, stdout, stderr io.Writer) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "addressbook: "+format+"\n", a...)
		return code
	}
	if len(args) == 0 {
		return fail(exitUsage, "%s", addressBookUsage)
	}
	switch args[0] {
	case "list":
		if len(args) != 2 {
			return fail(exitUsage, "%s", addressBookUsage)
		}
		book, err := addressbook.Load(args[1])
		if err != nil {
			return fail(exitCallFailed, "%v", err)
		}
		if err := addressbook.List(stdout, book); err != nil {
			return fail(exitCallFailed, "%v", err)
		}
		return 0
	case "add":
		return addPerson(args[1:], stdout, stderr, fail)
	}
	return fail(exitUsage, "unknown command %q\n%s", args[0], addressBookUsage)
}

func addPerson(args []string, stdout, stderr io.Writer, fail func(int, string, ...any) int) int {
	fs := flag.NewFlagSet("addressbook add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.Int64("id", 0, "the person's unique ID (default: one more than the largest in the file)")
	name := fs.String("name", "", "the person's name (required)")
	email := fs.String("email", "", "e-mail address")
	var phones phoneFlags
	fs.Var(&phones, "phone", "NUMBER:mobile|home|work (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 || strings.TrimSpace(*name) == "" {
		return fail(exitUsage, "%s", addressBookUsage)
	}
	if *id < 0 || *id > math.MaxInt32 {
		return fail(exitUsage, "-id %d is outside 0..%d", *id, math.MaxInt32)
	}
	file := fs.Arg(0)
	book, err := addressbook.Load(file)
	if err != nil {
		return fail(exitCallFailed, "%v", err)
	}
	person := &tutorialpb.Person{
		Id:          int32(*id),
		Name:        *name,
		Email:       *email,
		Phones:      phones,
		LastUpdated: timestamppb.Now(),
	}
	if *id == 0 {
		person.Id = addressbook.NextID(book)
	}
	if err := addressbook.Add(book, person); err != nil {
		return fail(exitCallFailed, "%v; %s was left unchanged", err, file)
	}
	if err := addressbook.Save(file, book); err != nil {
		return fail(exitCallFailed, "cannot write %s: %v", file, err)
	}
	fmt.Fprintf(stdout, "added person ID %d (%s) to %s\n", person.GetId(), person.GetName(), file)
	return 0
}
