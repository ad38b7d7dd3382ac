package inspector

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// NumericDateClaims are the claims whose value is a NumericDate (RFC 7519
// §2), in the order they are shown.
var NumericDateClaims = []string{"iat", "nbf", "exp", "auth_time", "updated_at"}

// maxNumericDate is 9999-12-31: later values are corrupt, not dates.
const maxNumericDate = 253402300799

// parseNumericDate reads a NumericDate as sent. A numeric string is read too,
// so the times can still be shown, but notNumber reports it.
func parseNumericDate(raw json.RawMessage) (secs int64, notNumber bool, err error) {
	if secs, ok := plainSeconds(raw); ok {
		return secs, false, nil
	}
	s := strings.TrimSpace(string(raw))
	if strings.HasPrefix(s, `"`) {
		var str string
		if json.Unmarshal(raw, &str) != nil {
			return 0, true, fmt.Errorf("a malformed string")
		}
		s, notNumber = strings.TrimSpace(str), true
	} else if s == "" || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		return 0, true, fmt.Errorf("a JSON %s", jsonKind(raw))
	}
	f, perr := strconv.ParseFloat(s, 64)
	switch {
	case perr != nil && strings.Contains(perr.Error(), "range"), math.IsInf(f, 0):
		return 0, notNumber, fmt.Errorf("a number with %d digits, out of range", len(strings.TrimLeft(s, "-")))
	case perr != nil:
		return 0, notNumber, fmt.Errorf("%q, not a number", s)
	case f < 0:
		return int64(f), notNumber, fmt.Errorf("negative (%s), before 1970", s)
	case f > maxNumericDate:
		return 0, notNumber, fmt.Errorf("%s, after the year 9999", s)
	}
	return int64(f), notNumber, nil
}

// plainSeconds reads the usual NumericDate, a run of at most 12 digits (a
// date before the year 9999), without the allocations of the general case.
func plainSeconds(raw []byte) (int64, bool) {
	if len(raw) == 0 || len(raw) > 12 {
		return 0, false
	}
	var n int64
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n <= maxNumericDate
}

func jsonKind(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "":
		return "empty value"
	case s[0] == '{':
		return "object"
	case s[0] == '[':
		return "array"
	case s == "true" || s == "false":
		return "boolean"
	case s == "null":
		return "null"
	case s[0] == '"':
		return "string"
	}
	return "number"
}

// MakeTime renders an instant in UTC, local time and relative to now.
func MakeTime(claim string, secs int64, now time.Time, loc *time.Location) *Time {
	at := time.Unix(secs, 0)
	var buf [128]byte // the three texts fit: no buffer to grow
	b := at.UTC().AppendFormat(buf[:0], time.RFC3339)
	utcEnd := len(b)
	b = at.In(loc).AppendFormat(b, "2006-01-02 15:04:05 MST")
	localEnd := len(b)
	b = appendRelative(b, claim, at, now)
	all := string(b) // one allocation for the three
	return &Time{Unix: secs, UTC: all[:utcEnd], Local: all[utcEnd:localEnd], Relative: all[localEnd:]}
}

// Relative says when an instant is, from now, in the claim's own words:
// "expires in 4m 12s", "expired 3h 2m ago", "issued 5m ago".
func Relative(claim string, at, now time.Time) string {
	var buf [64]byte
	return string(appendRelative(buf[:0], claim, at, now))
}

func appendRelative(b []byte, claim string, at, now time.Time) []byte {
	d := at.Sub(now)
	before, after := "", " ago"
	switch claim {
	case "exp":
		before, after = "expired ", " ago"
		if d > 0 {
			before, after = "expires in ", ""
		}
	case "nbf":
		before, after = "valid since ", " ago"
		if d > 0 {
			before, after = "not valid for another ", ""
		}
	case "iat":
		before = "issued "
		if d > 0 {
			after = " in the future"
		}
	case "auth_time":
		before = "signed in "
		if d > 0 {
			after = " in the future"
		}
	default:
		if d > 0 {
			before, after = "in ", ""
		}
	}
	b = append(b, before...)
	b = appendHumanDuration(b, d)
	return append(b, after...)
}

// HumanDuration writes a duration with its two largest units: "2d 3h",
// "4m 12s", "12s". The sign is dropped.
func HumanDuration(d time.Duration) string {
	var buf [48]byte
	return string(appendHumanDuration(buf[:0], d))
}

func appendHumanDuration(b []byte, d time.Duration) []byte {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Second)
	units := [...]struct {
		n    time.Duration
		name byte
	}{{24 * time.Hour, 'd'}, {time.Hour, 'h'}, {time.Minute, 'm'}, {time.Second, 's'}}
	parts := 0
	for _, u := range units {
		if d >= u.n || (u.n == time.Second && parts == 0) {
			if parts > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(d/u.n), 10)
			b = append(b, u.name)
			parts++
			d %= u.n
		}
		if parts == 2 {
			break
		}
		if parts == 1 && d == 0 {
			break
		}
	}
	return b
}

// checkTimes renders every NumericDate claim and judges exp, nbf and iat
// against the clock with the skew allowance (RFC 7519 §4.1.4-6).
func checkTimes(t *Token, opts Options) {
	now := opts.now()
	skew := opts.skew()
	loc := opts.location()
	var valid struct {
		exp, iat, nbf          int64
		hasExp, hasIat, hasNbf bool
	}
	for _, name := range NumericDateClaims {
		raw, ok := t.Claims.Get(name)
		if !ok {
			continue
		}
		secs, notNumber, err := parseNumericDate(raw)
		if notNumber {
			t.Findings = append(t.Findings, FindNumericDateType.Newf(
				"Have the issuer send "+name+" as a JSON number of seconds since 1970 (RFC 7519 §2). Strict libraries (golang-jwt, jose, PyJWT) reject anything else; Neo4j likely does too.",
				name+": "+excerpt(raw),
				"%s is %s, not a JSON number.", name, describeNotNumber(raw)))
		}
		if err != nil {
			if !notNumber {
				t.Findings = append(t.Findings, FindNumericDateBad.Newf(
					"Fix the issuer: "+name+" must be seconds since 1970 (RFC 7519 §2).",
					name+": "+excerpt(raw),
					"%s is %v.", name, err))
			}
			continue
		}
		t.Times[name] = MakeTime(name, secs, now, loc)
		switch name {
		case "exp":
			valid.exp, valid.hasExp = secs, true
		case "iat":
			valid.iat, valid.hasIat = secs, true
		case "nbf":
			valid.nbf, valid.hasNbf = secs, true
		}
	}

	exp, hasExp := valid.exp, valid.hasExp
	iat, hasIat := valid.iat, valid.hasIat
	if hasExp {
		at := time.Unix(exp, 0)
		switch {
		case !now.Before(at):
			t.Findings = append(t.Findings, FindExpired.Newf(
				"Get a new token (sign in again, or use the refresh token). If it expired the moment it was issued, compare this machine's clock with the issuer's.",
				fmt.Sprintf("exp %d = %s", exp, at.UTC().Format(time.RFC3339)),
				"The token expired %s ago, at %s.", HumanDuration(now.Sub(at)), at.UTC().Format("2006-01-02 15:04:05 UTC")))
		case at.Sub(now) <= skew:
			t.Findings = append(t.Findings, FindExpiringSoon.Newf(
				"Refresh the token before using it; a server with a stricter clock may already reject it.",
				fmt.Sprintf("exp %d, skew %s", exp, skew),
				"The token expires in %s, within the %s clock allowance.", HumanDuration(at.Sub(now)), skew))
		}
	} else if _, present := t.Claims.Get("exp"); !present {
		t.Findings = append(t.Findings, FindExpMissing.New(
			"The token has no exp claim, so it never expires by itself.",
			"Configure the issuer to set exp; Neo4j's OIDC validation likely rejects a token without it.", "no exp"))
	}
	if nbf, ok := valid.nbf, valid.hasNbf; ok {
		at := time.Unix(nbf, 0)
		if at.Sub(now) > skew {
			t.Findings = append(t.Findings, FindNotYetValid.Newf(
				"Wait, or compare this machine's clock with the issuer's: a token that is not valid yet usually means one of the clocks is wrong.",
				fmt.Sprintf("nbf %d = %s", nbf, at.UTC().Format(time.RFC3339)),
				"The token is not valid for another %s (nbf %s).", HumanDuration(at.Sub(now)), at.UTC().Format("2006-01-02 15:04:05 UTC")))
		}
	}
	if hasIat {
		at := time.Unix(iat, 0)
		if at.Sub(now) > skew {
			t.Findings = append(t.Findings, FindIatFuture.Newf(
				"Compare this machine's clock with the issuer's (SSO Lens shows the offset when it fetches from the issuer); servers with little skew allowance reject such tokens.",
				fmt.Sprintf("iat %d = %s", iat, at.UTC().Format(time.RFC3339)),
				"The token was issued %s in the future.", HumanDuration(at.Sub(now))))
		}
	}
	if hasExp && hasIat {
		life := exp - iat
		if life < 0 {
			t.Findings = append(t.Findings, FindExpBeforeIat.Newf(
				"The issuer's token lifetime settings are broken; fix them.",
				fmt.Sprintf("iat %d, exp %d", iat, exp),
				"The token expires %s before it was issued.", HumanDuration(time.Duration(-life)*time.Second)))
		} else {
			t.LifetimeSeconds = &life
			t.Lifetime = HumanDuration(time.Duration(life) * time.Second)
		}
	}
}

func describeNotNumber(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return fmt.Sprintf("the string %q", s)
	}
	return "a JSON " + jsonKind(raw)
}

// NumericDateText renders a NumericDate claim's raw value (exp, iat, …) as
// an RFC 3339 UTC time, for views that show claims as sent; ok is false for
// other claims and for values that are not a valid date.
func NumericDateText(claim string, raw json.RawMessage) (string, bool) {
	if !slices.Contains(NumericDateClaims, claim) || len(raw) == 0 {
		return "", false
	}
	secs, _, err := parseNumericDate(raw)
	if err != nil {
		return "", false
	}
	return time.Unix(secs, 0).UTC().Format(time.RFC3339), true
}
