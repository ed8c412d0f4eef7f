package duckduckgo

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ddgbot/ddgbot/instant"
)

// Record is a cached answer with its lifetimes, in the form a cache
// shared between replicas stores it (see MarshalBinary).
type Record struct {
	Answer instant.Answer // as cached: compacted
	Fresh  time.Time      // served as fresh before this
	Stale  time.Time      // served in place of an error before this; worthless after
}

// recordVersion is the first byte of an encoded Record.
const recordVersion = 1

// ErrRecordFormat is returned by Record.UnmarshalBinary for bytes that are
// not a Record of the version this build writes, e.g. one written by a
// newer replica: the reader treats it as a miss instead of failing.
var ErrRecordFormat = errors.New("duckduckgo: record in an unknown format")

// wireRecord is a Record's JSON after the version byte: short keys, times
// in Unix milliseconds, empty fields left out.
type wireRecord struct {
	Fresh            int64       `json:"f"`
	Stale            int64       `json:"s"`
	Type             string      `json:"ty,omitempty"`
	Heading          string      `json:"h,omitempty"`
	AbstractText     string      `json:"at,omitempty"`
	AbstractSource   string      `json:"as,omitempty"`
	AbstractURL      string      `json:"au,omitempty"`
	Answer           string      `json:"an,omitempty"`
	AnswerType       string      `json:"ant,omitempty"`
	Definition       string      `json:"d,omitempty"`
	DefinitionSource string      `json:"ds,omitempty"`
	DefinitionURL    string      `json:"du,omitempty"`
	Redirect         string      `json:"r,omitempty"`
	RelatedTopics    []wireTopic `json:"rt,omitempty"`
	Results          []wireTopic `json:"rs,omitempty"`
}

type wireTopic struct {
	FirstURL string      `json:"u,omitempty"`
	Result   string      `json:"r,omitempty"`
	Text     string      `json:"x,omitempty"`
	Name     string      `json:"n,omitempty"`
	Topics   []wireTopic `json:"t,omitempty"`
}

// MarshalBinary encodes r: one version byte, then compact JSON. Times
// keep millisecond precision.
func (r Record) MarshalBinary() ([]byte, error) {
	a := &r.Answer
	w := wireRecord{
		Fresh: r.Fresh.UnixMilli(), Stale: r.Stale.UnixMilli(),
		Type: a.Type, Heading: a.Heading, AbstractText: a.AbstractText, AbstractSource: a.AbstractSource,
		AbstractURL: a.AbstractURL, Answer: string(a.Answer), AnswerType: a.AnswerType, Definition: a.Definition,
		DefinitionSource: a.DefinitionSource, DefinitionURL: a.DefinitionURL, Redirect: a.Redirect,
		RelatedTopics: toWire(a.RelatedTopics), Results: toWire(a.Results),
	}
	b, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("duckduckgo: encode record: %w", err)
	}
	return append([]byte{recordVersion}, b...), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote, compacting the answer
// again (the bytes may come from anywhere a shared cache lets write).
// Other bytes (another version, damaged JSON) give an error wrapping
// ErrRecordFormat and leave r unchanged.
func (r *Record) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != recordVersion {
		return ErrRecordFormat
	}
	var w wireRecord
	if err := json.Unmarshal(b[1:], &w); err != nil {
		return fmt.Errorf("%w: %v", ErrRecordFormat, err)
	}
	*r = Record{
		Fresh: time.UnixMilli(w.Fresh), Stale: time.UnixMilli(w.Stale),
		Answer: Compact(instant.Answer{
			Type: w.Type, Heading: w.Heading, AbstractText: w.AbstractText, AbstractSource: w.AbstractSource,
			AbstractURL: w.AbstractURL, Answer: instant.Text(w.Answer), AnswerType: w.AnswerType, Definition: w.Definition,
			DefinitionSource: w.DefinitionSource, DefinitionURL: w.DefinitionURL, Redirect: w.Redirect,
			RelatedTopics: fromWire(w.RelatedTopics), Results: fromWire(w.Results),
		}),
	}
	return nil
}

func toWire(ts []instant.Topic) []wireTopic {
	if len(ts) == 0 {
		return nil
	}
	out := make([]wireTopic, len(ts))
	for i, t := range ts {
		out[i] = wireTopic{FirstURL: t.FirstURL, Result: t.Result, Text: t.Text, Name: t.Name, Topics: toWire(t.Topics)}
	}
	return out
}

func fromWire(ts []wireTopic) []instant.Topic {
	if len(ts) == 0 {
		return nil
	}
	out := make([]instant.Topic, len(ts))
	for i, t := range ts {
		out[i] = instant.Topic{FirstURL: t.FirstURL, Result: t.Result, Text: t.Text, Name: t.Name, Topics: fromWire(t.Topics)}
	}
	return out
}
