package turn

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// scanRequest decodes a request body in one pass without building the
// messages: it keeps only the newest inbound candidate's content, as raw
// JSON, and unquotes that one string at the end. It gives what
// json.Unmarshal into wireRequest followed by question would. ok is false,
// and the caller must use json.Unmarshal, for any input it does not handle
// the same way: non-ASCII or escaped keys (encoding/json folds "ſ" to "s"
// and the Kelvin sign to "k"), a field it reads given twice (encoding/json
// merges repeated objects), a value of the wrong JSON type (an error),
// nesting deeper than maxDepth, or anything malformed.
func scanRequest(b []byte) (handshake bool, question string, ok bool) {
	s := scanner{b: b}
	var pick picker
	seenMessages := false
	ok = s.object(func(key []byte) bool {
		switch {
		case !plainKey(key):
			return false
		case equalFoldASCII(key, "handshake"):
			switch s.peek() {
			case 't':
				handshake = true
				return s.literal("true")
			case 'f':
				handshake = false
				return s.literal("false")
			case 'n':
				return s.literal("null")
			}
			return false
		case equalFoldASCII(key, "messages"):
			if seenMessages { // encoding/json decodes into the first array's elements
				return false
			}
			seenMessages = true
			if s.peek() == 'n' {
				return s.literal("null")
			}
			return s.array(func() bool {
				var m candidate
				if s.peek() == 'n' { // a null element is a zero Message
					pick.offer(&m)
					return s.literal("null")
				}
				if !m.scan(&s) {
					return false
				}
				pick.offer(&m)
				return true
			})
		}
		return s.skip()
	})
	if s.ws(); !ok || s.i != len(s.b) {
		return false, "", false
	}
	if !pick.found {
		return handshake, "", true
	}
	raw, ok := pick.best.content()
	if !ok {
		return false, "", false
	}
	q, ok := unquote(raw)
	if !ok {
		return false, "", false
	}
	return handshake, q, true
}

// picker follows Request.Question: the newest inbound message by
// timestamp, the first of equals in array order.
type picker struct {
	best  candidate
	found bool
}

func (p *picker) offer(m *candidate) {
	if m.direction != "" && m.direction != "inbound" {
		return
	}
	if !p.found || m.ts > p.best.ts {
		p.best, p.found = *m, true
	}
}

// candidate is a Message with its strings left as raw JSON.
type candidate struct {
	typ         []byte // raw JSON string or nil
	ts          Timestamp
	direction   string
	text        bool
	body        []byte
	interactive bool
	buttonReply bool
	buttonTitle []byte
	listReply   bool
	listTitle   []byte
	button      bool
	buttonText  []byte
}

// content follows Message.Content. ok is false when the type cannot be
// told without unquoting it.
func (m *candidate) content() (raw []byte, ok bool) {
	textType := len(m.typ) == 0 || string(m.typ) == `"text"` || string(m.typ) == `""`
	if !textType && m.text && bytes.IndexByte(m.typ, '\\') >= 0 {
		return nil, false // "\u0074ext" is "text"
	}
	switch {
	case m.text && textType:
		return m.body, true
	case m.interactive && m.buttonReply:
		return m.buttonTitle, true
	case m.interactive && m.listReply:
		return m.listTitle, true
	case m.button:
		return m.buttonText, true
	}
	return nil, true
}

// Fields of a message and of its parts, as bits to refuse repeats.
const (
	fType = 1 << iota
	fText
	fInteractive
	fButton
	fButtonReply
	fListReply
	fInteractiveType
)

func (m *candidate) scan(s *scanner) bool {
	seen := 0
	once := func(f int) bool {
		if seen&f != 0 {
			return false
		}
		seen |= f
		return true
	}
	return s.object(func(key []byte) bool {
		switch {
		case !plainKey(key):
			return false
		case equalFoldASCII(key, "type"):
			return once(fType) && s.optString(&m.typ)
		case equalFoldASCII(key, "timestamp"):
			// Calling Timestamp's decoder with the value's bytes is what
			// encoding/json does, repeats included.
			raw, ok := s.value()
			return ok && m.ts.UnmarshalJSON(raw) == nil
		case equalFoldASCII(key, "_vnd"):
			// Vnd.UnmarshalJSON without its json.Unmarshal fallback,
			// which would move m to the heap.
			raw, ok := s.value()
			if !ok || raw[0] != '{' {
				return ok
			}
			dir, found, ok := scanDirection(raw)
			if found {
				m.direction = dir
			}
			return ok
		case equalFoldASCII(key, "text"):
			return once(fText) && s.optObject(&m.text, func(key []byte) bool {
				return field(s, key, "body", &m.body)
			})
		case equalFoldASCII(key, "button"):
			return once(fButton) && s.optObject(&m.button, func(key []byte) bool {
				return field(s, key, "text", &m.buttonText)
			})
		case equalFoldASCII(key, "interactive"):
			return once(fInteractive) && s.optObject(&m.interactive, func(key []byte) bool {
				switch {
				case !plainKey(key):
					return false
				case equalFoldASCII(key, "type"):
					var typ []byte
					return once(fInteractiveType) && s.optString(&typ)
				case equalFoldASCII(key, "button_reply"):
					return once(fButtonReply) && s.optObject(&m.buttonReply, func(key []byte) bool {
						return field(s, key, "title", &m.buttonTitle)
					})
				case equalFoldASCII(key, "list_reply"):
					return once(fListReply) && s.optObject(&m.listReply, func(key []byte) bool {
						return field(s, key, "title", &m.listTitle)
					})
				}
				return s.skip()
			})
		}
		return s.skip()
	})
}

// field reads the one string field name of a small object such as
// {"body": "..."}, skipping the others. The object is new (repeats of it
// are refused), so a repeat of name is refused too.
func field(s *scanner, key []byte, name string, v *[]byte) bool {
	switch {
	case !plainKey(key):
		return false
	case equalFoldASCII(key, name):
		return *v == nil && s.optString(v)
	}
	return s.skip()
}

// plainKey reports whether key can be matched byte by byte: ASCII, which
// plainString has already checked has no escapes.
func plainKey(key []byte) bool { return ascii(key) }

// optString reads a string or null (which leaves *v alone), keeping the
// string as raw JSON with its quotes.
func (s *scanner) optString(v *[]byte) bool {
	switch s.peek() {
	case 'n':
		return s.literal("null")
	case '"':
		start := s.i
		if !s.anyString() {
			return false
		}
		*v = s.b[start:s.i]
		return true
	}
	return false
}

// optObject reads an object, setting *present, or null, clearing it.
func (s *scanner) optObject(present *bool, member func(key []byte) bool) bool {
	if s.peek() == 'n' {
		*present = false
		return s.literal("null")
	}
	*present = true
	return s.object(member)
}

// value steps over one value and returns its bytes.
func (s *scanner) value() ([]byte, bool) {
	s.ws()
	start := s.i
	if !s.skip() {
		return nil, false
	}
	return s.b[start:s.i], true
}

// unquote returns the string a raw JSON string (nil for none) stands for,
// copying it once when it has no escapes and is valid UTF-8, and deferring
// to json.Unmarshal otherwise so escapes and invalid bytes come out the
// same.
func unquote(raw []byte) (string, bool) {
	if len(raw) < 2 {
		return "", true
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}
