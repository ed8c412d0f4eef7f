package duckduckgo

import (
	"strings"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
)

// Bounds of a compacted answer: what building suggestions reads, with
// room to spare. A suggestion body is at most 4096 characters (WhatsApp's
// limit), so a long text keeps 16 KiB (4096 characters of any script); a
// suggestion uses at most 10 links and related topics, 5 category members
// and 3 meanings, so 20 Results and 50 topics keep every recorded answer's
// suggestions as they are, the "and N more" count of a category included.
const (
	maxTextBytes   = 16 << 10 // AbstractText, Answer, Definition
	maxStringBytes = 2 << 10  // every other string; longer URLs are dropped, never cut
	maxResults     = 20       // Results
	maxTopics      = 50       // RelatedTopics leaves, groups flattened
	maxGroupDepth  = 4        // groups nested deeper are not read
)

// Compact returns a copy of a that holds only what building suggestions
// needs, with bounded lists and strings, sharing no memory with a's long
// strings; the size of a cached answer is bounded by it. A string cut
// short ends on a whole character; a URL that is too long is dropped.
func Compact(a instant.Answer) instant.Answer {
	c := instant.Answer{
		Type:             shortText(a.Type, maxStringBytes),
		Heading:          shortText(a.Heading, maxStringBytes),
		AbstractText:     shortText(a.AbstractText, maxTextBytes),
		AbstractSource:   shortText(a.AbstractSource, maxStringBytes),
		AbstractURL:      shortURL(a.AbstractURL),
		Answer:           instant.Text(shortText(string(a.Answer), maxTextBytes)),
		AnswerType:       shortText(a.AnswerType, maxStringBytes),
		Definition:       shortText(a.Definition, maxTextBytes),
		DefinitionSource: shortText(a.DefinitionSource, maxStringBytes),
		DefinitionURL:    shortURL(a.DefinitionURL),
		// Only whether there is one matters (a bang answer suggests
		// nothing), so a long Redirect is cut rather than dropped.
		Redirect: shortText(a.Redirect, maxStringBytes),
	}
	if len(a.Results) > 0 {
		n := maxResults
		c.Results = compactTopics(a.Results, &n, maxGroupDepth)
	}
	if len(a.RelatedTopics) > 0 {
		n := maxTopics
		c.RelatedTopics = compactTopics(a.RelatedTopics, &n, 0)
	}
	return c
}

// compactTopics copies ts in order while leaves remain in *n, keeping the
// children of groups nested less than maxGroupDepth deep.
func compactTopics(ts []instant.Topic, n *int, depth int) []instant.Topic {
	out := make([]instant.Topic, 0, min(len(ts), *n)) // every entry kept holds a leaf
	for i := range ts {
		if *n <= 0 {
			break
		}
		t := &ts[i]
		c := instant.Topic{
			FirstURL: shortURL(t.FirstURL),
			Result:   shortText(t.Result, maxStringBytes),
			Text:     shortText(t.Text, maxStringBytes),
			Name:     shortText(t.Name, maxStringBytes),
		}
		if len(t.Topics) > 0 {
			if depth < maxGroupDepth {
				c.Topics = compactTopics(t.Topics, n, depth+1)
			}
			if len(c.Topics) == 0 {
				continue
			}
		} else {
			*n--
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// shortText returns s, or a copy of its first limit bytes cut back to a
// character boundary.
func shortText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return strings.Clone(s[:i])
}

// shortURL returns u, or "" when it is longer than maxStringBytes: a cut
// link would lead somewhere else.
func shortURL(u string) string {
	if len(u) > maxStringBytes {
		return ""
	}
	return u
}

// answerSize estimates the bytes the answer holds: string contents and headers,
// slice headers and topic structs.
func answerSize(a *instant.Answer) int64 {
	const answerStruct, topicStruct = 224, 88 // string and slice headers included
	n := answerStruct + len(a.Type) + len(a.Heading) + len(a.AbstractText) + len(a.AbstractSource) +
		len(a.AbstractURL) + len(a.Answer) + len(a.AnswerType) + len(a.Definition) +
		len(a.DefinitionSource) + len(a.DefinitionURL) + len(a.Redirect)
	var topics func(ts []instant.Topic)
	topics = func(ts []instant.Topic) {
		for i := range ts {
			t := &ts[i]
			n += topicStruct + len(t.FirstURL) + len(t.Result) + len(t.Text) + len(t.Name)
			topics(t.Topics)
		}
	}
	topics(a.Results)
	topics(a.RelatedTopics)
	return int64(n)
}
