package instant

// Suggestion is one Turn suggested response.
type Suggestion struct {
	Type       string  `json:"type"` // always "TEXT"
	Title      string  `json:"title"`
	Body       string  `json:"body"`
	Confidence float64 `json:"confidence"` // in [0,1]; suggest.Build returns them strictly descending
}
