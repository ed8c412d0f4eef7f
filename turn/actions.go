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
// this order. IDs must be distinct.
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

// MarshalJSON encodes as as {id: {description, url, payload[, options]}},
// keys in the order given, through the JSON library's encoder. Invalid
// UTF-8 in a string becomes U+FFFD, as encoding/json makes it; Payload
// must be valid JSON.
func (as Actions) MarshalJSON() ([]byte, error) {
	return json.Marshal(actionsObject(as), jsontext.AllowInvalidUTF8(true))
}

// actionsObject is Actions as the encoder writes it: one member per
// action, in order.
type actionsObject []Action

// optionsObject is a submenu as {key: label}, in order.
type optionsObject []Option

func (as actionsObject) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for i := range as {
		a := &as[i]
		if err := enc.WriteToken(jsontext.String(a.ID)); err != nil {
			return err
		}
		if err := a.encode(enc); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

// encode writes a's value in the actions object: {description, url,
// payload[, options]}.
func (a *Action) encode(enc *jsontext.Encoder) error {
	payload := a.Payload
	if payload == nil {
		payload = jsontext.Value("null")
	}
	for _, err := range []error{
		enc.WriteToken(jsontext.BeginObject),
		enc.WriteToken(jsontext.String("description")), enc.WriteToken(jsontext.String(a.Description)),
		enc.WriteToken(jsontext.String("url")), enc.WriteToken(jsontext.String(a.URL)),
		enc.WriteToken(jsontext.String("payload")), enc.WriteValue(payload),
	} {
		if err != nil {
			return err
		}
	}
	if len(a.Options) > 0 {
		if err := enc.WriteToken(jsontext.String("options")); err != nil {
			return err
		}
		if err := optionsObject(a.Options).MarshalJSONTo(enc); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}

func (os optionsObject) MarshalJSONTo(enc *jsontext.Encoder) error {
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for _, o := range os {
		if err := enc.WriteToken(jsontext.String(o.Key)); err != nil {
			return err
		}
		if err := enc.WriteToken(jsontext.String(o.Label)); err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
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
