package server

import "github.com/ssolens/ssolens/inspector"

func codes(fs []inspector.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func findCode(fs []inspector.Finding, code string) (inspector.Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return inspector.Finding{}, false
}
