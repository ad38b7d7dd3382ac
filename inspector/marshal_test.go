package inspector

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
)

// referenceMarshal is Object.MarshalJSON as first written (Names, Get,
// json.Marshal of each name, json.Compact of each value): the fast path
// must write the same bytes.
func referenceMarshal(o *Object) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, name := range o.Names() {
		v, _ := o.Get(name)
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(name)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		if err := json.Compact(&b, v); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func TestObjectMarshalJSONMatchesReference(t *testing.T) {
	for _, in := range []string{
		`{}`,
		`{"alg":"RS256","kid":"k1","typ":"JWT"}`,
		`{"sub":"alice","groups":["a", "b"],"n":12345678901234567890,"nested":{"x" : [1, 2, {"y":null}]}}`,
		`{"a":1,"b":2,"a":3}`,
		`{"<script>":"x","a&b":true,"quote\"d":1,"back\\slash":2,"tab\tname":3}`,
		`{"naïve":"é","emoji😀":"😀","ctl\u0001":0,"del` + "\x7f" + `":1}`,
		`{"s":"keep  inner   spaces","t":"tab\tinside"}`,
		"{\"ws\" :\n [ 1 ,\t2 ] , \"z\":\"<>&\"}",
	} {
		o, _, err := parseObject([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		got, err := o.MarshalJSON()
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		want, err := referenceMarshal(o)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", in, got, want)
		}
		if !json.Valid(got) {
			t.Errorf("%s: invalid JSON %s", in, got)
		}
	}
	var nilObj *Object
	if b, _ := nilObj.MarshalJSON(); string(b) != "null" {
		t.Errorf("nil object: %s", b)
	}
}

// referenceStrings is rawStrings the general way (json.Unmarshal only).
func referenceStrings(raw json.RawMessage) ([]string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}, true
	}
	var list []any
	if json.Unmarshal(raw, &list) != nil {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, isString := v.(string)
		if !isString {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func TestRawStringsMatchesJSONUnmarshal(t *testing.T) {
	for _, in := range []string{
		`"neo4j"`, `""`, `"a b"`, `"with \"escape\""`, `"caf\u00e9"`, "\"bad \xff utf8\"", `"é ok"`,
		`[]`, `[ ]`, `["a"]`, `["a","b"]`, `[ "a" , "b" ]`, "[\n\"a\",\n\t\"b\"\n]", `["a",1]`, `[1,"a"]`,
		`["a",null]`, `[["a"]]`, `["a\"b"]`, "[\"\xff\"]", `[""]`, `["a",""]`,
		`1`, `null`, `true`, `{"a":"b"}`, `[{"a":1}]`,
	} {
		got, gotOK := rawStrings(json.RawMessage(in))
		want, wantOK := referenceStrings(json.RawMessage(in))
		if gotOK != wantOK || fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) || (got == nil) != (want == nil) {
			t.Errorf("rawStrings(%s) = %q, %v; json.Unmarshal gives %q, %v", in, got, gotOK, want, wantOK)
		}
	}
}
