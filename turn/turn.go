// Package turn holds the wire format of Turn.io's Context API ("1.0.0-alpha")
// as ddgbot speaks it: decoding a request, picking the question out of the
// conversation, and the shapes of the answers.
package turn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Version is the Context API version sent in every answer.
const Version = "1.0.0-alpha"

// Request is a decoded call from Turn: a handshake or a context poll,
// with only the fields ddgbot reads. Unknown fields are ignored, so a new
// field Turn sends is one more struct field here when ddgbot needs it.
type Request struct {
	Handshake bool      `json:"handshake"`
	Chat      Chat      `json:"chat"`
	Messages  []Message `json:"messages"`
}

// Chat is the conversation a poll is about.
type Chat struct {
	Owner string `json:"owner"` // the contact, e.g. "+27820001001", as action callbacks send it
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

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (v *Vnd) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	type plain Vnd // without this method, so decoding does not recurse
	return json.UnmarshalDecode(dec, (*plain)(v))
}

// Timestamp is unix seconds, sent by Turn as a string and by some
// producers as a number. null or "" decode as zero.
type Timestamp int64

// errNotUnixSeconds says nothing of the value: errors reach clients, and
// must not echo their input.
var errNotUnixSeconds = errors.New("must be unix seconds")

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (t *Timestamp) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	*t = 0
	switch tok.Kind() {
	case 'n':
		return nil
	case '"', '0': // String gives a number's text too
	default:
		return errNotUnixSeconds
	}
	s := tok.String()
	if s == "" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*t = Timestamp(n)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1<<62 || f < -(1<<62) {
		return errNotUnixSeconds
	}
	*t = Timestamp(f)
	return nil
}

// decodeOptions keep what encoding/json (v1) accepted: Turn's keys in any
// case, repeated keys (the last wins) and invalid UTF-8 in strings
// (replaced by U+FFFD).
var decodeOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// ErrMalformed wraps every decoding error: the body is not a Turn request.
var ErrMalformed = errors.New("malformed request")

// Decode parses a request body. It returns an error wrapping ErrMalformed
// for anything other than a JSON object of the expected shape.
func Decode(body []byte) (Request, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return Request{}, fmt.Errorf("%w: body must be a JSON object", ErrMalformed)
	}
	var r Request
	if err := json.Unmarshal(body, &r, decodeOptions); err != nil {
		return Request{}, fmt.Errorf("%w: %s", ErrMalformed, describe(err))
	}
	return r, nil
}

// describe turns a JSON error into a message fit for a client: the field
// and the problem, never the input itself.
func describe(err error) string {
	var semErr *json.SemanticError
	if errors.As(err, &semErr) {
		field := strings.ReplaceAll(strings.TrimPrefix(string(semErr.JSONPointer), "/"), "/", ".")
		if field == "" {
			field = "body"
		}
		switch {
		case errors.Is(err, errNotUnixSeconds):
			return field + " " + errNotUnixSeconds.Error()
		case semErr.JSONKind != 0:
			return fmt.Sprintf("%s must not be a JSON %s", field, kindName(semErr.JSONKind))
		}
		return field + " has an invalid value"
	}
	var synErr *jsontext.SyntacticError
	if errors.As(err, &synErr) {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return "truncated JSON"
		}
		return fmt.Sprintf("invalid JSON at byte %d", synErr.ByteOffset)
	}
	return "invalid JSON"
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return k.String()
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
func (r *Request) Question() string {
	if m := r.newest(); m != nil {
		return m.Content()
	}
	return ""
}

// newest returns the newest inbound message by timestamp (the first of
// equals in array order), or nil.
func (r *Request) newest() *Message {
	var newest *Message
	for i := range r.Messages {
		if m := &r.Messages[i]; m.Inbound() && (newest == nil || m.Timestamp > newest.Timestamp) {
			newest = m
		}
	}
	return newest
}
