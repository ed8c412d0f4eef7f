package instant

import (
	"strings"
	"unicode/utf8"
)

// Normalize returns q trimmed, with runs of whitespace collapsed to one
// space and case folded: the form used as cache key and sent upstream.
func Normalize(q string) string {
	if isNormal(q) {
		return q
	}
	return strings.ToLower(strings.Join(strings.Fields(q), " "))
}

// isNormal reports whether q is already in normal form: lower-case ASCII
// with single inner spaces, what query extraction usually hands over. It
// lets Normalize return such a q without allocating.
func isNormal(q string) bool {
	space := true // a leading space is not normal
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ':
			if space {
				return false
			}
			space = true
		default:
			space = false
		}
	}
	return !space || q == ""
}
