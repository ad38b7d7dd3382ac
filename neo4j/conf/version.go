package conf

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Neo4j release line: 4.4, 5.<minor> or the calendar versions
// <year>.<month> (2025.01 onwards). Rules that changed inside a line (azp
// validation removed in 5.19, require_local_user in 5.24, ABAC in 2026.03,
// implicit flow deprecated in 2026.06) compare the minor too.
type Version struct {
	Major int // 4, 5, 2025, 2026 ...
	Minor int // 4 for 4.4, 19 for 5.19, 6 for 2026.06
}

// Named versions. "5.x" means the last 5 release (5.26 LTS), "2025.x" the
// last 2025 release, and Latest the newest release the spec was read against.
var (
	V4_4   = Version{4, 4}
	V5     = Version{5, 26}
	V2025  = Version{2025, 12}
	V2026  = Version{2026, 8}
	Latest = V2026
)

// ParseVersion reads "4.4", "5", "5.x", "5.19", "5.19.0", "2025.x",
// "2025.10", "2026.06.1" or "latest".
func ParseVersion(s string) (Version, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "v")
	if t == "" || t == "latest" {
		return Latest, nil
	}
	parts := strings.Split(t, ".")
	major, err := strconv.Atoi(parts[0])
	if err != nil {
		return Version{}, fmt.Errorf("neo4j version %q: want 4.4, 5.x, 5.19, 2025.x, 2026.06 or latest", s)
	}
	minor := -1
	if len(parts) > 1 && parts[1] != "x" && parts[1] != "" {
		if minor, err = strconv.Atoi(parts[1]); err != nil || minor < 0 {
			return Version{}, fmt.Errorf("neo4j version %q: the minor %q is not a number", s, parts[1])
		}
	}
	switch {
	case major == 4:
		if minor != -1 && minor != 4 {
			return Version{}, fmt.Errorf("neo4j version %q: of the 4 line only 4.4 is supported", s)
		}
		return V4_4, nil
	case major == 5:
		if minor == -1 {
			return V5, nil
		}
		if minor > 27 {
			return Version{}, fmt.Errorf("neo4j version %q: 5.x releases end at 5.26", s)
		}
		return Version{5, minor}, nil
	case major >= 2025 && major < 2100:
		if minor == -1 {
			if major == Latest.Major {
				return Latest, nil
			}
			if major < Latest.Major {
				return Version{major, 12}, nil
			}
			return Version{major, 1}, nil
		}
		if minor < 1 || minor > 12 {
			return Version{}, fmt.Errorf("neo4j version %q: calendar versions have a month 01-12", s)
		}
		return Version{major, minor}, nil
	}
	return Version{}, fmt.Errorf("neo4j version %q: want 4.4, 5.x, 5.19, 2025.x, 2026.06 or latest", s)
}

// String formats the version the way Neo4j names it: 4.4, 5.19, 2026.06.
func (v Version) String() string {
	if v.Major >= 2025 {
		return fmt.Sprintf("%d.%02d", v.Major, v.Minor)
	}
	return fmt.Sprintf("%d.%d", v.Major, v.Minor)
}

// AtLeast reports whether v is the given release or a later one.
func (v Version) AtLeast(major, minor int) bool {
	if v.Major != major {
		return v.Major > major
	}
	return v.Minor >= minor
}

// Is44 reports whether v is the 4.4 line, whose configuration rules differ
// (no strict validation by default, duplicates only warned, no config key
// restriction).
func (v Version) Is44() bool { return v.Major < 5 }

// MarshalText writes the version as Neo4j names it, so JSON says "2026.06".
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads what ParseVersion reads.
func (v *Version) UnmarshalText(b []byte) error {
	p, err := ParseVersion(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}
