package turn

// digits parses 1 to 18 decimal digits, quoted or not: what ParseInt
// would return for them, with no allocation. ok is false for anything
// else.
func digits(b []byte) (n int64, ok bool) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// scanDirection reads v1.direction from a _vnd object in one pass, as
// json.Unmarshal into Vnd would: keys match case-insensitively, a later
// key overrides an earlier one, null leaves the value alone, everything
// else is skipped. ok is false, and the caller must use json.Unmarshal,
// for any input it does not handle the same way: escapes in a key, escapes
// or non-ASCII bytes in the direction, a v1 or direction of the wrong JSON
// type (an error), or anything malformed.
func scanDirection(b []byte) (dir string, found, ok bool) {
	s := scanner{b: b}
	ok = s.object(func(key []byte) bool {
		if !equalFoldASCII(key, "v1") {
			return s.skip()
		}
		switch s.peek() {
		case 'n':
			return s.literal("null")
		case '{':
			return s.object(func(key []byte) bool {
				if !equalFoldASCII(key, "direction") {
					return s.skip()
				}
				if s.peek() == 'n' {
					return s.literal("null")
				}
				v, ok := s.plainString()
				if !ok || !ascii(v) { // json.Unmarshal replaces invalid UTF-8
					return false
				}
				dir, found = direction(v), true
				return true
			})
		}
		return false
	})
	if s.ws(); !ok || s.i != len(s.b) {
		return "", false, false
	}
	return dir, found, true
}

func ascii(v []byte) bool {
	for _, c := range v {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// direction returns v as a string, without allocating for the usual values.
func direction(v []byte) string {
	switch string(v) {
	case "inbound":
		return "inbound"
	case "outbound":
		return "outbound"
	}
	return string(v)
}

// scanner walks JSON text. Every method reports false on input it does
// not accept, and never panics.
type scanner struct {
	b     []byte
	i     int
	depth int // objects and arrays open
}

// maxDepth bounds the nesting the scanner follows. encoding/json refuses
// nesting beyond 10000 levels; refusing far earlier leaves such input to
// it, and keeps the recursion short.
const maxDepth = 100

// enter opens an object or array, reporting false when too deep.
func (s *scanner) enter() bool {
	s.depth++
	return s.depth <= maxDepth
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// object reads {"key": value, ...}, calling member with each key (without
// escapes) and the scanner at its value, which member must consume.
func (s *scanner) object(member func(key []byte) bool) bool {
	if s.peek() != '{' || !s.enter() {
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		s.depth--
		return true
	}
	for {
		key, ok := s.plainString()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		if !member(key) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return true
		default:
			return false
		}
	}
}

// array reads [elem, ...], calling elem with the scanner at each element,
// which elem must consume.
func (s *scanner) array(elem func() bool) bool {
	if s.peek() != '[' || !s.enter() {
		return false
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		s.depth--
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return true
		default:
			return false
		}
	}
}

// plainString reads a string without escapes or control characters and
// returns its contents.
func (s *scanner) plainString() ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			return s.b[start:j], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// skip steps over one value of any type.
func (s *scanner) skip() bool {
	switch c := s.peek(); {
	case c == '{':
		return s.object(func([]byte) bool { return s.skip() })
	case c == '[':
		return s.array(s.skip)
	case c == '"':
		return s.anyString()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	return false
}

// number steps over -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *scanner) number() bool {
	s.accept('-')
	if !s.accept('0') && !s.digits() { // no more digits after a leading 0
		return false
	}
	if s.accept('.') && !s.digits() {
		return false
	}
	if s.accept('e') || s.accept('E') {
		if !s.accept('+') {
			s.accept('-')
		}
		return s.digits()
	}
	return true
}

func (s *scanner) accept(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// digits steps over one or more digits.
func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// anyString steps over a string, checking its escapes.
func (s *scanner) anyString() bool {
	for j := s.i + 1; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			j++
			if j >= len(s.b) {
				return false
			}
			switch s.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(s.b) {
					return false
				}
				for _, h := range s.b[j+1 : j+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				j += 4
			default:
				return false
			}
		}
	}
	return false
}

func (s *scanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// equalFoldASCII reports whether key equals lower (ASCII lower case) but
// for case. For the keys matched here (v1, direction: no k or s), this is
// what encoding/json's Unicode case folding decides.
func equalFoldASCII(key []byte, lower string) bool {
	if len(key) != len(lower) {
		return false
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
