package turn

import "github.com/ddgbot/ddgbot/suggest"

// HandshakeResponse answers {"handshake": true}.
type HandshakeResponse struct {
	Version      string       `json:"version"`
	Capabilities Capabilities `json:"capabilities"`
}

// Capabilities tells Turn what the integration provides.
type Capabilities struct {
	Actions            bool            `json:"actions"`
	SuggestedResponses bool            `json:"suggested_responses"`
	ContextObjects     []ContextObject `json:"context_objects"`
}

// ContextObject declares a panel in Turn's contact sidebar.
type ContextObject struct {
	Title string `json:"title"`
	Code  string `json:"code"`
	Type  string `json:"type"` // "table" or "ordered-list"
	Icon  string `json:"icon"`
}

// PollResponse answers a context poll. SuggestedResponses is never nil,
// so it is sent as [] when there is nothing to suggest.
type PollResponse struct {
	Version            string                       `json:"version"`
	SuggestedResponses []suggest.Suggestion         `json:"suggested_responses"`
	ContextObjects     map[string]map[string]string `json:"context_objects,omitempty"`
}
