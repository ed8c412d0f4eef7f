package turn

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

// PollResponse answers a context poll. SuggestedResponses must not be
// nil, so it is sent as [] when there is nothing to suggest.
type PollResponse struct {
	Version            string                       `json:"version"`
	SuggestedResponses []SuggestedResponse          `json:"suggested_responses"`
	ContextObjects     map[string]map[string]string `json:"context_objects,omitempty"`
	Actions            Actions                      `json:"actions,omitempty"`
}

// SuggestedResponse is one reply offered in the operator's reply box.
type SuggestedResponse struct {
	Type       string  `json:"type"` // "TEXT"
	Title      string  `json:"title"`
	Body       string  `json:"body"`
	Confidence float64 `json:"confidence"` // in [0,1]
}
