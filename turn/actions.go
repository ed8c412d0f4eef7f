package turn

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Action is one item of the operator's menu, sent in a poll answer's
// actions object under an id of the integration's choosing. Turn shows
// Description; picking it POSTs a Callback to URL with Payload echoed and,
// when Options is set, the chosen option's key.
type Action struct {
	Description string            `json:"description"`
	URL         string            `json:"url"`
	Payload     jsontext.Value    `json:"payload"`
	Options     map[string]string `json:"options,omitempty"` // key → label, shown as a submenu
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
