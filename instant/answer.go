package instant

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
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

// UnmarshalJSONFrom implements json.UnmarshalerFrom.
func (t *Text) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*t = ""
	switch dec.PeekKind() {
	case '"', '0':
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		*t = Text(tok.String()) // a number's text as it was written
		return nil
	default:
		return dec.SkipValue()
	}
}

// decodeOptions keep what encoding/json (v1) accepted of the API: names in
// any case, repeated names (the last wins) and invalid UTF-8 in strings
// (replaced by U+FFFD, which suggestion building drops).
var decodeOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

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
	if err := json.Unmarshal(trimmed, &a, decodeOptions); err != nil {
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
