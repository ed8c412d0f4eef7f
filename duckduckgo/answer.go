package duckduckgo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Answer is the part of an Instant Answer API response that ddgbot uses.
// Fields that change JSON type between answers (ImageHeight, Infobox, meta,
// Icon sizes) are not declared, so they never break decoding.
type Answer struct {
	Type             string  `json:"Type"` // A article, D disambiguation, C category, N name, E exclusive, "" nothing
	Heading          string  `json:"Heading"`
	AbstractText     string  `json:"AbstractText"`
	AbstractSource   string  `json:"AbstractSource"`
	AbstractURL      string  `json:"AbstractURL"`
	Answer           Text    `json:"Answer"`
	AnswerType       string  `json:"AnswerType"`
	Definition       string  `json:"Definition"`
	DefinitionSource string  `json:"DefinitionSource"`
	DefinitionURL    string  `json:"DefinitionURL"`
	Redirect         string  `json:"Redirect"`
	RelatedTopics    []Topic `json:"RelatedTopics"`
	Results          []Topic `json:"Results"`
}

// Topic is one entry of RelatedTopics or Results. A group entry
// ({"Name": ..., "Topics": [...]}) has Name and Topics set and no FirstURL.
type Topic struct {
	FirstURL string  `json:"FirstURL"`
	Result   string  `json:"Result"` // HTML: an <a> with the title, then a description
	Text     string  `json:"Text"`   // Result without tags
	Name     string  `json:"Name"`
	Topics   []Topic `json:"Topics"`
}

// Text decodes a JSON string or number as text and anything else (null,
// objects, arrays, booleans) as empty. The API's Answer field has been seen
// as all of these.
type Text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *Text) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		if _, err := strconv.ParseFloat(string(b), 64); err != nil {
			return fmt.Errorf("answer number: %w", err)
		}
		*t = Text(b)
	default:
		*t = ""
	}
	return nil
}

// ErrNotJSON is returned by Decode for a body that is not a JSON object.
var ErrNotJSON = errors.New("duckduckgo: body is not a JSON object")

// Decode parses an API response body. It decodes by content, whatever the
// Content-Type says, and returns an error wrapping ErrNotJSON for an empty
// body, anything other than one JSON object, or truncated JSON.
func Decode(body []byte) (Answer, error) {
	var a Answer
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return a, ErrNotJSON
	}
	if err := json.Unmarshal(trimmed, &a); err != nil {
		return Answer{}, fmt.Errorf("%w: %v", ErrNotJSON, err)
	}
	return a, nil
}

// Empty reports whether the answer carries nothing ddgbot could suggest:
// the API's usual reply to a full-sentence question.
func (a *Answer) Empty() bool {
	return a.Answer == "" && a.AbstractText == "" && a.Definition == "" &&
		a.Redirect == "" && len(a.RelatedTopics) == 0 && len(a.Results) == 0
}
