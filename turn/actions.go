package turn

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Actions is a poll answer's actions object: each Action under its ID, in
// this order. IDs must be distinct. It is encoded without a map, so a
// poll's menu costs no sorting or copying of keys.
type Actions []Action

// Action is one item of the operator's menu, sent in a poll answer's
// actions object under an id of the integration's choosing. Turn shows
// Description; picking it POSTs a Callback to URL with Payload echoed and,
// when Options is set, the chosen option's key.
type Action struct {
	ID          string         // its key in the actions object
	Description string         // "description"
	URL         string         // "url"
	Payload     jsontext.Value // "payload", a JSON object
	Options     []Option       // "options", shown as a submenu in this order; left out when empty
}

// Option is one entry of an action's submenu, sent as "key": "label".
type Option struct {
	Key   string
	Label string
}

// MarshalJSON encodes as as {id: {description, url, payload[, options]}}.
// Strings are quoted as encoding/json quotes them (invalid UTF-8 becomes
// U+FFFD); the caller's encoder checks Payload is valid JSON.
func (as Actions) MarshalJSON() ([]byte, error) {
	n := 2
	for i := range as {
		a := &as[i]
		n += len(a.ID) + len(a.Description) + len(a.URL) + len(a.Payload) + 64
		for _, o := range a.Options {
			n += len(o.Key) + len(o.Label) + 8
		}
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i := range as {
		a := &as[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, a.ID)
		b = append(b, `:{"description":`...)
		b = appendString(b, a.Description)
		b = append(b, `,"url":`...)
		b = appendString(b, a.URL)
		b = append(b, `,"payload":`...)
		if a.Payload == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, a.Payload...)
		}
		if len(a.Options) > 0 {
			b = append(b, `,"options":{`...)
			for j, o := range a.Options {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendString(b, o.Key)
				b = append(b, ':')
				b = appendString(b, o.Label)
			}
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// appendString appends s quoted; invalid UTF-8 is replaced, as
// encoding/json replaces it, so the error is of no interest.
func appendString(b []byte, s string) []byte {
	b, _ = jsontext.AppendQuote(b, s)
	return b
}

// Callback is what Turn POSTs to an action's URL, reduced to what ddgbot
// reads. Turn also sends integration_uuid and integration_action_uuid;
// ddgbot needs neither.
type Callback struct {
	Address string         `json:"address"` // the contact, e.g. "+27820001001"; never empty
	Option  string         `json:"option"`  // the chosen option's key, "" when the action has none
	Payload jsontext.Value `json:"payload"` // the action's payload, a JSON object
	Message *Message       `json:"message"` // the message the menu was opened on, nil when absent
}

// DecodeCallback parses an action callback body as leniently as Decode
// does a poll. It returns an error wrapping ErrMalformed for anything but
// a JSON object with a non-empty address and a payload object; the
// message, when present, must be an object.
func DecodeCallback(body []byte) (Callback, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return Callback{}, fmt.Errorf("%w: body must be a JSON object", ErrMalformed)
	}
	var c Callback
	if err := json.Unmarshal(body, &c, decodeOptions); err != nil {
		return Callback{}, fmt.Errorf("%w: %s", ErrMalformed, describe(err))
	}
	if c.Address = strings.TrimSpace(c.Address); c.Address == "" {
		return Callback{}, fmt.Errorf("%w: address is required", ErrMalformed)
	}
	if c.Payload.Kind() != '{' {
		return Callback{}, fmt.Errorf("%w: payload must be a JSON object", ErrMalformed)
	}
	return c, nil
}

// Owner returns chat.owner: the contact's address, as Turn's action
// callbacks send it, or "" when the poll has none.
func (r *Request) Owner() string { return r.Chat.Owner }

// Newest returns the timestamp of the newest inbound message, or 0 when
// there is none.
func (r *Request) Newest() Timestamp {
	if m := r.newest(); m != nil {
		return m.Timestamp
	}
	return 0
}

// Inbound returns the content (as Message.Content gives it) of every
// inbound message that has some, newest first by timestamp.
func (r *Request) Inbound() []string {
	ms := make([]*Message, 0, len(r.Messages))
	for i := range r.Messages {
		if m := &r.Messages[i]; m.Inbound() && m.Content() != "" {
			ms = append(ms, m)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Timestamp > ms[j].Timestamp })
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Content()
	}
	return out
}
