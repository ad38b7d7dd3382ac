package explain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"strings"
	"testing"
)

// catalogueGo renders catalogue.json as Go: a table the linker lays out in
// the binary, where decoding the JSON when the package loaded cost every
// ssolens command 1.5 ms of its start-up.
func catalogueGo(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var es []Entry
	if err := dec.Decode(&es); err != nil {
		return nil, fmt.Errorf("catalogue.json: %w", err)
	}
	strs := func(ss []string) string {
		if ss == nil {
			return "nil"
		}
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[]string{" + strings.Join(q, ", ") + "}"
	}
	var b bytes.Buffer
	b.WriteString("// Code generated from catalogue.json by go test ./explain -update. DO NOT EDIT.\n\npackage explain\n\nvar catalogueEntries = []*Entry{\n")
	for _, e := range es {
		fmt.Fprintf(&b, "{\nID: %q, Origin: %q, Title: %q, Severity: %q,\nPattern: %q,\nNeedles: %s,\nMessage: %q,\nProvenance: Provenance{Kind: %q, Source: %q},\nCauses: %s,\nCheck: %q,\nFix: %q,\nNext: %q,\n",
			e.ID, e.Origin, e.Title, e.Severity, e.Pattern, strs(e.Needles), e.Message, e.Provenance.Kind, e.Provenance.Source, strs(e.Causes), e.Check, e.Fix, e.Next)
		if e.SuppressedBy != nil {
			fmt.Fprintf(&b, "SuppressedBy: %s,\n", strs(e.SuppressedBy))
		}
		if e.Leads != nil {
			b.WriteString("Leads: []Lead{")
			for _, l := range e.Leads {
				fmt.Fprintf(&b, "{Group: %d, Equals: %q, Cause: %d}, ", l.Group, l.Equals, l.Cause)
			}
			b.WriteString("},\n")
		}
		fmt.Fprintf(&b, "Examples: %s,\n},\n", strs(e.Examples))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// The table in catalogue_gen.go is catalogue.json's, entry for entry.
func TestCatalogueGoInStep(t *testing.T) {
	data, err := os.ReadFile("catalogue.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := catalogueGo(data)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("catalogue_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("catalogue_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("catalogue_gen.go is out of step with catalogue.json: run go test ./explain -update")
	}
	// And the table reads back as the JSON does.
	var fromJSON []Entry
	if err := json.Unmarshal(data, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if len(fromJSON) != len(catalogue) {
		t.Fatalf("%d entries in the JSON, %d in the table", len(fromJSON), len(catalogue))
	}
	for i, e := range catalogue {
		a, _ := json.Marshal(fromJSON[i])
		b, _ := json.Marshal(*e)
		if !bytes.Equal(a, b) {
			t.Errorf("entry %d differs:\njson  %s\ntable %s", i, a, b)
		}
	}
}
