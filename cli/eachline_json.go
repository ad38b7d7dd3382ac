package cli

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/ssolens/ssolens/inspector"
)

// appendLineReport appends one --each-line --json record: exactly the bytes
// encoding/json writes for lineReport with SetEscapeHTML(false) and no
// indent (a test holds the two to that, field by field), without its
// reflection, which was a tenth of the work per token. It reports false,
// leaving dst as it was, for a report it does not know how to write; the
// caller then uses encoding/json.
func appendLineReport(dst []byte, line int, r *inspector.Report) ([]byte, bool) {
	start := len(dst)
	b := append(dst, `{"line":`...)
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, `,"input":{"form":`...)
	b = appendJSONString(b, r.Input.Form)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(r.Input.Bytes), 10)
	if r.Input.BytesUnread {
		b = append(b, `,"bytes_unread":true`...)
	}
	if r.Input.Scope != "" {
		b = append(b, `,"scope":`...)
		b = appendJSONString(b, r.Input.Scope)
	}
	b = append(b, `},"tokens":`...)
	if r.Tokens == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, t := range r.Tokens {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendToken(b, t); !ok {
				return dst[:start], false
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"findings":`...)
	b = appendFindings(b, r.Findings)
	if r.Transport != "" {
		b = append(b, `,"transport":`...)
		b = appendJSONString(b, r.Transport)
	}
	b = append(b, '}', '\n')
	return b, true
}

func appendToken(b []byte, t *inspector.Token) ([]byte, bool) {
	if t == nil {
		return append(b, "null"...), true
	}
	b = append(b, `{"source":`...)
	b = appendJSONString(b, t.Source)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, string(t.Kind))
	if t.Role != "" {
		b = append(b, `,"role":`...)
		b = appendJSONString(b, string(t.Role))
	}
	if t.RoleReason != "" {
		b = append(b, `,"role_reason":`...)
		b = appendJSONString(b, t.RoleReason)
	}
	b = append(b, `,"fingerprint":`...)
	b = appendJSONString(b, t.Fingerprint)
	b = append(b, `,"length":`...)
	b = strconv.AppendInt(b, int64(t.Length), 10)
	b = append(b, `,"redacted":`...)
	b = appendJSONString(b, t.Redacted)
	var ok bool
	b = append(b, `,"header":`...)
	if b, ok = appendObject(b, t.Header); !ok {
		return b, false
	}
	b = append(b, `,"claims":`...)
	if b, ok = appendObject(b, t.Claims); !ok {
		return b, false
	}
	b = append(b, `,"times":`...)
	b = appendTimes(b, t.Times)
	if t.Lifetime != "" {
		b = append(b, `,"lifetime":`...)
		b = appendJSONString(b, t.Lifetime)
	}
	if t.LifetimeSeconds != nil {
		b = append(b, `,"lifetime_seconds":`...)
		b = strconv.AppendInt(b, *t.LifetimeSeconds, 10)
	}
	b = append(b, `,"findings":`...)
	b = appendFindings(b, t.Findings)
	if s := t.Signature; s != nil {
		b = append(b, `,"signature":{"verified":`...)
		b = strconv.AppendBool(b, s.Verified)
		b = append(b, `,"alg":`...)
		b = appendJSONString(b, s.Alg)
		b = append(b, `,"kid":`...)
		b = appendJSONString(b, s.Kid)
		b = append(b, `,"key_source":`...)
		b = appendJSONString(b, s.KeySource)
		if s.Key != "" {
			b = append(b, `,"key":`...)
			b = appendJSONString(b, s.Key)
		}
		b = append(b, `,"error":`...)
		b = appendJSONString(b, s.Error)
		if k := s.KeySet; k != nil {
			b = append(b, `,"key_set":{"url":`...)
			b = appendJSONString(b, k.URL)
			if k.DiscoveryURL != "" {
				b = append(b, `,"discovery_url":`...)
				b = appendJSONString(b, k.DiscoveryURL)
			}
			b = append(b, `,"kids":`...)
			b = appendStrings(b, k.Kids)
			b = append(b, `,"fetched_at":`...)
			b = appendJSONString(b, k.FetchedAt)
			b = append(b, `,"fetches":`...)
			b = strconv.AppendInt(b, int64(k.Fetches), 10)
			if k.ClockOffset != "" {
				b = append(b, `,"clock_offset":`...)
				b = appendJSONString(b, k.ClockOffset)
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	if len(t.Checks) > 0 {
		b = append(b, `,"checks":[`...)
		for i, c := range t.Checks {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendJSONString(b, c.Name)
			b = append(b, `,"ok":`...)
			b = strconv.AppendBool(b, c.OK)
			b = append(b, `,"expected":`...)
			b = appendJSONString(b, c.Expected)
			b = append(b, `,"actual":`...)
			b = appendJSONString(b, c.Actual)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(t.Locations) > 0 {
		b = append(b, `,"locations":[`...)
		for i, l := range t.Locations {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"offset":`...)
			b = strconv.AppendInt(b, l.Offset, 10)
			b = append(b, `,"line":`...)
			b = strconv.AppendInt(b, int64(l.Line), 10)
			b = append(b, `,"context":`...)
			b = appendJSONString(b, l.Context)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if t.Occurrences != 0 {
		b = append(b, `,"occurrences":`...)
		b = strconv.AppendInt(b, int64(t.Occurrences), 10)
	}
	if t.RawShown != "" {
		b = append(b, `,"raw":`...)
		b = appendJSONString(b, t.RawShown)
	}
	return append(b, '}'), true
}

// appendObject writes a header or claims object as encoding/json does: its
// MarshalJSON, compacted. That output is compact already; only a U+2028 or
// U+2029 (which compaction may rewrite) sends the record to encoding/json.
func appendObject(b []byte, o *inspector.Object) ([]byte, bool) {
	if o == nil {
		return append(b, "null"...), true
	}
	out, err := o.MarshalJSON()
	if err != nil || bytes.IndexByte(out, 0xE2) >= 0 {
		return b, false
	}
	return append(b, out...), true
}

func appendTimes(b []byte, times map[string]*inspector.Time) []byte {
	if times == nil {
		return append(b, "null"...)
	}
	var buf [8]string
	names := buf[:0]
	for name := range times {
		names = append(names, name)
	}
	sort.Strings(names)
	b = append(b, '{')
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name)
		b = append(b, ':')
		tm := times[name]
		if tm == nil {
			b = append(b, "null"...)
			continue
		}
		b = append(b, `{"unix":`...)
		b = strconv.AppendInt(b, tm.Unix, 10)
		b = append(b, `,"utc":`...)
		b = appendJSONString(b, tm.UTC)
		b = append(b, `,"local":`...)
		b = appendJSONString(b, tm.Local)
		b = append(b, `,"relative":`...)
		b = appendJSONString(b, tm.Relative)
		b = append(b, '}')
	}
	return append(b, '}')
}

func appendFindings(b []byte, fs []inspector.Finding) []byte {
	if fs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = appendJSONString(b, f.Code)
		b = append(b, `,"severity":`...)
		b = appendJSONString(b, string(f.Severity))
		b = append(b, `,"message":`...)
		b = appendJSONString(b, f.Message)
		b = append(b, `,"fix":`...)
		b = appendJSONString(b, f.Fix)
		b = append(b, `,"evidence":`...)
		b = appendJSONString(b, f.Evidence)
		if f.Command != "" {
			b = append(b, `,"command":`...)
			b = appendJSONString(b, f.Command)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does without HTML escaping:
// quote, backslash and control characters escaped, invalid UTF-8 as
// U+FFFD, and U+2028 and U+2029 escaped (JavaScript line terminators).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// encodeLineReport is encoding/json's way, the reference and the fallback.
func encodeLineReport(buf *bytes.Buffer, line int, r *inspector.Report) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(lineReport{Line: line, Report: r})
}
