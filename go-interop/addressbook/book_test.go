package addressbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/tutorialpb"
)

func TestAMissingFileIsAnEmptyBook(t *testing.T) {
	book, err := Load(filepath.Join(t.TempDir(), "none"))
	if err != nil || len(book.GetPeople()) != 0 || NextID(book) != 1 {
		t.Fatalf("Load of a missing file = %v, %v; want an empty book", book, err)
	}
}

func TestSaveThenLoadListsInTheTutorialFormat(t *testing.T) {
	file := filepath.Join(t.TempDir(), "book")
	book := &tutorialpb.AddressBook{}
	mobile, _ := ParsePhone("555-4321:mobile")
	if err := Add(book, &tutorialpb.Person{Id: 1, Name: "Ada", Email: "ada@example.com",
		Phones: []*tutorialpb.Person_PhoneNumber{mobile}}); err != nil {
		t.Fatal(err)
	}
	if err := Save(file, book); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := List(&out, loaded); err != nil {
		t.Fatal(err)
	}
	want := "Person ID: 1\n  Name: Ada\n  E-mail address: ada@example.com\n  Mobile phone #: 555-4321\n"
	if out.String() != want {
		t.Errorf("list = %q, want %q", out.String(), want)
	}
	if err := Add(loaded, &tutorialpb.Person{Id: 1, Name: "Twin"}); err == nil ||
		!strings.Contains(err.Error(), "person ID 1 is already") {
		t.Errorf("duplicate id: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(file))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only the book (no temporary left)", len(entries))
	}
}

func TestACorruptFileIsRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "book")
	good, _ := proto.Marshal(&tutorialpb.AddressBook{People: []*tutorialpb.Person{{Id: 1, Name: "Ada Lovelace"}}})
	for _, data := range [][]byte{good[:len(good)-3], []byte("not an address book\xff")} {
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(file); err == nil || !strings.Contains(err.Error(), "is not a valid address book") {
			t.Errorf("Load(%q) = %v, want a refusal", data, err)
		}
	}
}

func TestFieldsOfANewerSchemaSurviveARewrite(t *testing.T) {
	file := filepath.Join(t.TempDir(), "book")
	person, _ := proto.Marshal(&tutorialpb.Person{Id: 1, Name: "Ada"})
	person = protowire.AppendTag(person, 99, protowire.BytesType)
	person = protowire.AppendString(person, "from the future")
	data := protowire.AppendTag(nil, 1, protowire.BytesType)
	data = protowire.AppendBytes(data, person)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	book, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := Add(book, &tutorialpb.Person{Id: 2, Name: "Bob"}); err != nil {
		t.Fatal(err)
	}
	if err := Save(file, book); err != nil {
		t.Fatal(err)
	}
	rewritten, _ := os.ReadFile(file)
	if !bytes.Contains(rewritten, []byte("from the future")) {
		t.Errorf("the unknown field 99 was dropped on rewrite")
	}
}

func TestParsePhone(t *testing.T) {
	if p, err := ParsePhone("+1 555:0100:work"); err != nil || p.GetNumber() != "+1 555:0100" ||
		p.GetType() != tutorialpb.Person_PHONE_TYPE_WORK {
		t.Errorf("ParsePhone = %v, %v", p, err)
	}
	for _, bad := range []string{"5550100", "555:fax", ":mobile"} {
		if _, err := ParsePhone(bad); err == nil {
			t.Errorf("ParsePhone(%q) accepted", bad)
		}
	}
}
