// Package turn holds the wire format of Turn.io's Context API ("1.0.0-alpha")
// as ddgbot speaks it: decoding a request, picking the question out of the
// conversation, and the shapes of the answers.
package turn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Version is the Context API version sent in every answer.
const Version = "1.0.0-alpha"

// Request is a decoded call from Turn: a handshake or a context poll. Of
// the conversation it keeps only the question.
type Request struct {
	Handshake bool
	question  string
}

// wireRequest is a request as encoding/json decodes it: what Decode's
// single-pass scan must agree with, and its fallback.
type wireRequest struct {
	Handshake bool      `json:"handshake"`
	Messages  []Message `json:"messages"`
}

// Message is one WhatsApp message of the conversation, with only the
// fields ddgbot reads. Unknown fields are ignored.
type Message struct {
	Type        string       `json:"type"`
	Timestamp   Timestamp    `json:"timestamp"`
	Text        *Text        `json:"text"`
	Interactive *Interactive `json:"interactive"`
	Button      *Button      `json:"button"`
	Vnd         Vnd          `json:"_vnd"`
}

// Text is the body of a text message.
type Text struct {
	Body string `json:"body"`
}

// Interactive is a reply to an interactive button or list message.
type Interactive struct {
	Type        string `json:"type"`
	ButtonReply *Reply `json:"button_reply"`
	ListReply   *Reply `json:"list_reply"`
}

// Reply is the chosen button or list row.
type Reply struct {
	Title string `json:"title"`
}

// Button is a reply to a template's quick-reply button.
type Button struct {
	Text string `json:"text"`
}

// Vnd is Turn's vendor block. Anything that is not an object (null, or the
// string "None" seen in some captures) decodes as empty.
type Vnd struct {
	V1 struct {
		Direction string `json:"direction"`
	} `json:"v1"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (v *Vnd) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	// Only the fallback decoder gets here (Decode's scan reads the
	// direction with scanDirection), so plain decoding is fast enough.
	type plain Vnd
	return json.Unmarshal(b, (*plain)(v))
}

// Timestamp is unix seconds, sent by Turn as a string and by some
// producers as a number. null or "" decode as zero.
type Timestamp int64

// UnmarshalJSON implements json.Unmarshaler.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if n, ok := digits(b); ok { // the usual "1706709716", without allocating
		*t = Timestamp(n)
		return nil
	}
	s := string(b)
	if s == "null" {
		*t = 0
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*t = 0
			return nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*t = Timestamp(n)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1<<62 || f < -(1<<62) {
		return fmt.Errorf("timestamp %.40q is not unix seconds", s)
	}
	*t = Timestamp(f)
	return nil
}

// ErrMalformed wraps every decoding error: the body is not a Turn request.
var ErrMalformed = errors.New("malformed request")

// Decode parses a request body. It returns an error wrapping ErrMalformed
// for anything other than a JSON object of the expected shape.
func Decode(body []byte) (Request, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return Request{}, fmt.Errorf("%w: body must be a JSON object", ErrMalformed)
	}
	// Most of a poll is history that only matters for its timestamps and
	// directions: scanning it beats building every message, and errors and
	// oddities still get encoding/json's answer.
	if handshake, q, ok := scanRequest(body); ok {
		return Request{Handshake: handshake, question: q}, nil
	}
	return decodeWire(body)
}

// decodeWire is Decode by encoding/json alone.
func decodeWire(body []byte) (Request, error) {
	var w wireRequest
	if err := json.Unmarshal(body, &w); err != nil {
		return Request{}, fmt.Errorf("%w: %s", ErrMalformed, describe(err))
	}
	return Request{Handshake: w.Handshake, question: w.question()}, nil
}

// describe turns a JSON error into a message fit for a client: the field
// and the problem, never the input itself.
func describe(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return fmt.Sprintf("%s must not be a JSON %s", field, typeErr.Value)
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		if syntaxErr.Error() == "unexpected end of JSON input" {
			return "truncated JSON"
		}
		return fmt.Sprintf("invalid JSON at byte %d", syntaxErr.Offset)
	}
	return "invalid JSON"
}

// Inbound reports whether a message came from the contact. A message
// without a direction counts as inbound.
func (m *Message) Inbound() bool {
	return m.Vnd.V1.Direction == "" || m.Vnd.V1.Direction == "inbound"
}

// Content returns the text a person typed or chose: a text body, or the
// title of an interactive or template button reply. Media and other types
// give "".
func (m *Message) Content() string {
	switch {
	case m.Text != nil && (m.Type == "text" || m.Type == ""):
		return m.Text.Body
	case m.Interactive != nil && m.Interactive.ButtonReply != nil:
		return m.Interactive.ButtonReply.Title
	case m.Interactive != nil && m.Interactive.ListReply != nil:
		return m.Interactive.ListReply.Title
	case m.Button != nil:
		return m.Button.Text
	}
	return ""
}

// Question returns the content of the newest inbound message by timestamp
// (the first of equals in array order), or "" when there is no inbound
// message or the newest one carries no text.
func (r *Request) Question() string { return r.question }

func (r *wireRequest) question() string {
	newest := -1
	for i := range r.Messages {
		m := &r.Messages[i]
		if m.Inbound() && (newest < 0 || m.Timestamp > r.Messages[newest].Timestamp) {
			newest = i
		}
	}
	if newest < 0 {
		return ""
	}
	return r.Messages[newest].Content()
}
