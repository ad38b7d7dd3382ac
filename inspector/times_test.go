package inspector

import (
	"encoding/json"
	"testing"
	"time"
)

func TestNumericDateText(t *testing.T) {
	for _, c := range []struct {
		claim, raw, want string
		ok               bool
	}{
		{"exp", "1795437595", "2026-11-23T12:39:55Z", true},
		{"iat", `"1795437595"`, "2026-11-23T12:39:55Z", true},
		{"exp", `"soon"`, "", false},
		{"exp", "-5", "", false},
		{"sub", "1795437595", "", false},
		{"exp", "", "", false},
		{"exp", "0", "1970-01-01T00:00:00Z", true},
		{"exp", "007", "1970-01-01T00:00:07Z", true},
		{"exp", "253402300799", "9999-12-31T23:59:59Z", true},
		{"exp", "253402300800", "", false},
		{"exp", "1795437595.9", "2026-11-23T12:39:55Z", true},
		{"exp", "1e9", "2001-09-09T01:46:40Z", true},
	} {
		got, ok := NumericDateText(c.claim, json.RawMessage(c.raw))
		if got != c.want || ok != c.ok {
			t.Errorf("NumericDateText(%s, %s) = %q, %v; want %q, %v", c.claim, c.raw, got, ok, c.want, c.ok)
		}
	}
}

// MakeTime's three texts, in every claim's words, both sides of now.
func TestMakeTime(t *testing.T) {
	now := time.Unix(1795437595, 0)
	berlin := time.FixedZone("CET", 3600)
	for _, c := range []struct {
		claim    string
		offset   time.Duration
		relative string
	}{
		{"exp", 4*time.Minute + 12*time.Second, "expires in 4m 12s"},
		{"exp", -(3*time.Hour + 2*time.Minute), "expired 3h 2m ago"},
		{"nbf", 26 * time.Hour, "not valid for another 1d 2h"},
		{"nbf", -5 * time.Minute, "valid since 5m ago"},
		{"iat", -30 * time.Second, "issued 30s ago"},
		{"iat", 2 * time.Minute, "issued 2m in the future"},
		{"auth_time", -time.Hour, "signed in 1h ago"},
		{"auth_time", 9 * time.Second, "signed in 9s in the future"},
		{"updated_at", -48 * time.Hour, "2d ago"},
		{"updated_at", 61 * time.Second, "in 1m 1s"},
		{"iat", 0, "issued 0s ago"},
	} {
		secs := now.Add(c.offset).Unix()
		got := MakeTime(c.claim, secs, now, berlin)
		at := time.Unix(secs, 0)
		want := Time{Unix: secs, UTC: at.UTC().Format(time.RFC3339), Local: at.In(berlin).Format("2006-01-02 15:04:05 MST"), Relative: c.relative}
		if *got != want {
			t.Errorf("MakeTime(%s, now%+v) = %+v; want %+v", c.claim, c.offset, *got, want)
		}
		if r := Relative(c.claim, at, now); r != c.relative {
			t.Errorf("Relative(%s, now%+v) = %q; want %q", c.claim, c.offset, r, c.relative)
		}
	}
}
