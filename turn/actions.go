package turn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Action is one item of the operator's menu, sent in a poll answer's
// actions object under an id of the integration's choosing. Turn shows
// Description; picking it POSTs a Callback to URL with Payload echoed and,
// when Options is set, the chosen option's key.
type Action struct {
	Description string            `json:"description"`
	URL         string            `json:"url"`
	Payload     json.RawMessage   `json:"payload"`
	Options     map[string]string `json:"options,omitempty"` // key → label, shown as a submenu
}

// Callback is what Turn POSTs to an action's URL, reduced to what ddgbot
// reads.
type Callback struct {
	Address string          // the contact, e.g. "+27820001001"; never empty
	Option  string          // the chosen option's key, "" when the action has none
	Payload json.RawMessage // the action's payload, a JSON object
	Message *Message        // the message the menu was opened on, nil when absent
}

// wireCallback is a callback as encoding/json decodes it. Turn also sends
// integration_uuid and integration_action_uuid; ddgbot needs neither.
type wireCallback struct {
	Address string          `json:"address"`
	Option  *string         `json:"option"`
	Payload json.RawMessage `json:"payload"`
	Message *Message        `json:"message"`
}

// DecodeCallback parses an action callback body. It returns an error
// wrapping ErrMalformed for anything but a JSON object with a non-empty
// address and a payload object; the message, when present, must be an
// object.
func DecodeCallback(body []byte) (Callback, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return Callback{}, fmt.Errorf("%w: body must be a JSON object", ErrMalformed)
	}
	var w wireCallback
	if err := json.Unmarshal(body, &w); err != nil {
		return Callback{}, fmt.Errorf("%w: %s", ErrMalformed, describe(err))
	}
	c := Callback{Address: strings.TrimSpace(w.Address), Payload: w.Payload, Message: w.Message}
	if w.Option != nil {
		c.Option = *w.Option
	}
	if c.Address == "" {
		return Callback{}, fmt.Errorf("%w: address is required", ErrMalformed)
	}
	if p := bytes.TrimSpace(c.Payload); len(p) == 0 || p[0] != '{' {
		return Callback{}, fmt.Errorf("%w: payload must be a JSON object", ErrMalformed)
	}
	return c, nil
}
