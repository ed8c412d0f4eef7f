package safety

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/phrase"
)

// Rules filter DuckDuckGo answers before they become suggestions. The
// zero value and a nil *Rules let everything through. Immutable and safe
// for concurrent use.
type Rules struct {
	block []phrase.Pattern
	allow []source
}

// source is one allowed source: a name as DuckDuckGo gives it
// ("Wikipedia"), or a domain whose subdomains count too ("who.int").
type source struct {
	name   string // folded
	domain string // lower case, "" when the entry is not a domain
}

// Filter reasons, as Filter reports them.
const (
	ReasonBlockedTopic     = "blocked-topic"
	ReasonSourceNotAllowed = "source-not-allowed"
)

// NewRules compiles the topic and source rules. blockTopics are phrases or
// patterns (see phrase.Compile) of headings and texts that are never
// offered; allowedSources, when not empty, are the only sources offered:
// names ("Wikipedia") or domains ("wikipedia.org"). Errors name the list
// and index ("block_topics[2]").
func NewRules(blockTopics, allowedSources []string) (*Rules, error) {
	r := &Rules{}
	for i, s := range blockTopics {
		p, err := phrase.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("block_topics[%d]: %w", i, err)
		}
		r.block = append(r.block, p)
	}
	for i, s := range allowedSources {
		s = strings.TrimSpace(s)
		if phrase.Key(s) == "" {
			return nil, fmt.Errorf("allowed_sources[%d]: %q is not a source name or domain", i, s)
		}
		src := source{name: phrase.Key(s)}
		if strings.Contains(s, ".") && !strings.ContainsAny(s, " /:") {
			src.domain = strings.ToLower(strings.TrimPrefix(s, "."))
		}
		r.allow = append(r.allow, src)
	}
	return r, nil
}

// Empty reports whether the rules let everything through.
func (r *Rules) Empty() bool { return r == nil || len(r.block) == 0 && len(r.allow) == 0 }

// Blocked reports whether any of the texts is about a blocked topic.
func (r *Rules) Blocked(texts ...string) bool {
	if r == nil || len(r.block) == 0 {
		return false
	}
	for _, t := range texts {
		words := phrase.Fold(t)
		for _, p := range r.block {
			if p.In(words) {
				return true
			}
		}
	}
	return false
}

// allowed reports whether a part of an answer from the named source at
// link may be offered.
func (r *Rules) allowed(name, link string) bool {
	if r == nil || len(r.allow) == 0 {
		return true
	}
	key := phrase.Key(name)
	host := ""
	if u, err := url.Parse(link); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	if key == "" && (host == "duckduckgo.com" || strings.HasSuffix(host, ".duckduckgo.com")) {
		key = "duckduckgo" // related topics link to DuckDuckGo's own pages
	}
	for _, s := range r.allow {
		if key != "" && key == s.name {
			return true
		}
		if s.domain != "" && (host == s.domain || strings.HasSuffix(host, "."+s.domain)) {
			return true
		}
	}
	return false
}

// Filter returns the answer without what the rules forbid, and why
// something was taken out ("" when nothing was). A blocked heading takes
// out the whole answer. Otherwise each part goes on its own: the abstract
// and the definition by their source, the instant answer as DuckDuckGo's
// own, related topics and results by their link; and any of them whose
// text is about a blocked topic. The answer given is not modified.
func (r *Rules) Filter(a instant.Answer) (instant.Answer, string) {
	if r.Empty() {
		return a, ""
	}
	if r.Blocked(a.Heading) {
		return instant.Answer{}, ReasonBlockedTopic
	}
	reason := ""
	drop := func(blocked bool) {
		if blocked {
			reason = ReasonBlockedTopic
		} else if reason == "" {
			reason = ReasonSourceNotAllowed
		}
	}
	if a.AbstractText != "" {
		if b := r.Blocked(a.AbstractText); b || !r.allowed(a.AbstractSource, a.AbstractURL) {
			drop(b)
			a.AbstractText, a.AbstractSource, a.AbstractURL = "", "", ""
		}
	}
	if a.Definition != "" {
		if b := r.Blocked(a.Definition); b || !r.allowed(a.DefinitionSource, a.DefinitionURL) {
			drop(b)
			a.Definition, a.DefinitionSource, a.DefinitionURL = "", "", ""
		}
	}
	if a.Answer != "" {
		if b := r.Blocked(string(a.Answer)); b || !r.allowed("DuckDuckGo", "https://duckduckgo.com/") {
			drop(b)
			a.Answer, a.AnswerType = "", ""
		}
	}
	a.RelatedTopics = r.topics(a.RelatedTopics, drop)
	a.Results = r.topics(a.Results, drop)
	return a, reason
}

// topics returns a new slice of the topics that may be offered; groups
// keep their name and lose their forbidden members.
func (r *Rules) topics(ts []instant.Topic, drop func(blocked bool)) []instant.Topic {
	if len(ts) == 0 {
		return ts
	}
	out := make([]instant.Topic, 0, len(ts))
	for _, t := range ts {
		if len(t.Topics) > 0 {
			if r.Blocked(t.Name) {
				drop(true)
				continue
			}
			t.Topics = r.topics(t.Topics, drop)
			if len(t.Topics) > 0 {
				out = append(out, t)
			}
			continue
		}
		if b := r.Blocked(t.Text); b || !r.allowed("", t.FirstURL) {
			drop(b)
			continue
		}
		out = append(out, t)
	}
	return out
}
