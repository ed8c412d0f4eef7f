// Package suggest turns a DuckDuckGo Instant Answer into suggested replies
// that a helpdesk operator can send on WhatsApp with one click. It is a pure
// function of the answer, the query and the options: no I/O, no state.
package suggest

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
)

// Options shape the suggestions. A zero Max or MaxChars means its default;
// Attribution is taken as given, so start from DefaultOptions to get it on.
type Options struct {
	Max         int  // at most this many suggestions (default 3)
	MaxChars    int  // each body at most this many Unicode characters, attribution included (default 1024, capped at WhatsApp's 4096)
	Attribution bool // end each body taken from a source with the source link and "Results from DuckDuckGo"
}

const (
	defaultMax      = 3
	defaultMaxChars = 1024
	// whatsAppMaxChars is WhatsApp's limit on a text message body.
	whatsAppMaxChars = 4096
)

// DefaultOptions returns the options used when the configuration says
// nothing: 3 suggestions of at most 1024 characters, with attribution.
func DefaultOptions() Options {
	return Options{Max: defaultMax, MaxChars: defaultMaxChars, Attribution: true}
}

func (o Options) normalized() Options {
	if o.Max <= 0 {
		o.Max = defaultMax
	}
	if o.MaxChars <= 0 {
		o.MaxChars = defaultMaxChars
	}
	o.MaxChars = min(o.MaxChars, whatsAppMaxChars)
	return o
}

// Confidence tiers, best first. Each tier is below the one before it, so
// the confidences of a result are strictly descending.
const (
	confAnswer     = 0.9
	confAbstract   = 0.8
	confDefinition = 0.6
	confCategory   = 0.5
	// Results and related topics: 0.40, 0.38, ... 0.22, in thousandths so
	// that the JSON shows round numbers.
	confRelatedMilli = 400
	confRelatedStep  = 20
	maxRelated       = 10
	confDidYouMean   = 0.2
	// maxSuggestions is the most Build can offer whatever Options.Max
	// says: answer, abstract, definition and the related links.
	maxSuggestions = 3 + maxRelated
)

// Fixed texts of the bodies.
const (
	poweredBy = "Results from DuckDuckGo"
	// sentenceTarget is the length up to which an abstract keeps adding
	// whole sentences: a chat reply should be read at a glance, and the
	// source link is there for more.
	sentenceTarget = 320
	maxTitle       = 80
	didYouMeanN    = 3
	categoryN      = 5
	groupDepth     = 4
)

// Build turns an answer into suggestions, best first: the instant answer,
// the abstract, the definition, then official links and related topics.
// query is the text that was looked up; for a disambiguation answer it
// decides whether a single "Did you mean" question may be offered (only for
// queries of more than one word). Bang (Redirect) answers, caller-dependent
// and calculator answers give nothing.
//
// Every body is non-empty WhatsApp text without HTML, at most o.MaxChars
// characters including attribution, and no two bodies are the same. Build
// never returns nil and never panics.
func Build(a *instant.Answer, query string, o Options) []instant.Suggestion {
	if a == nil || a.Redirect != "" {
		return []instant.Suggestion{}
	}
	b := builder{a: a, query: query, o: o.normalized()}
	if a.Type == "D" || meaningList(a.AbstractText) {
		b.didYouMean()
	} else {
		b.answer()
		b.abstract()
		b.definition()
		if a.Type == "C" {
			b.category()
		} else {
			b.related()
		}
	}
	if b.out == nil {
		return []instant.Suggestion{}
	}
	return b.out
}

// builder accumulates the suggestions of one Build call.
type builder struct {
	a       *instant.Answer
	query   string
	o       Options
	heading string // cleaned Heading, cached by title
	out     []instant.Suggestion
	offered []offered // what each suggestion in out was made from
}

// offered is the content behind one suggestion, for spotting repeats.
type offered struct {
	title, text, url string
}

// entry is one suggestion before it is laid out.
type entry struct {
	title    string // cleaned; the bold first line
	text     string // cleaned; shortened to fit
	link     string // a URL that is the content itself ("Official site")
	srcLabel string // attribution source name ("Wikipedia"); "" for a bare link
	srcURL   string // attribution link; "" for none
	target   int    // sentence target for text; 0 for sentenceTarget
}

func (b *builder) full() bool { return len(b.out) >= b.o.Max }

// add lays e out and appends it unless it is empty, too long, or repeats
// earlier content. url identifies what e links to, for spotting the same
// link offered twice. It reports whether it appended.
func (b *builder) add(e entry, conf float64, url string) bool {
	if b.full() || b.repeats(e, url) {
		return false
	}
	body := b.layout(e)
	if body == "" {
		return false
	}
	for _, s := range b.out {
		if s.Body == body {
			return false
		}
	}
	if b.out == nil {
		n := min(b.o.Max, maxSuggestions)
		b.out, b.offered = make([]instant.Suggestion, 0, n), make([]offered, 0, n)
	}
	b.out = append(b.out, instant.Suggestion{Type: "TEXT", Title: e.title, Body: body, Confidence: conf})
	b.offered = append(b.offered, offered{title: e.title, text: e.text, url: url})
	return true
}

// repeats reports whether the same text, or the same title for the same
// link, was offered before.
func (b *builder) repeats(e entry, url string) bool {
	for _, o := range b.offered {
		if e.text != "" && strings.EqualFold(o.text, e.text) ||
			url != "" && o.url == url && strings.EqualFold(o.title, e.title) {
			return true
		}
	}
	return false
}

// layout returns the body of e: the bold title, the text, the content
// link, then the attribution, one per line. The text is shortened so that
// the body fits in MaxChars; layout returns "" if no text fits and there is
// no link to offer instead.
func (b *builder) layout(e entry) string {
	lines := make([]string, 0, 5)
	if e.title != "" {
		lines = append(lines, "*"+e.title+"*")
	}
	textLine := len(lines)
	lines = append(lines, "") // the text, set below
	if e.link != "" {
		lines = append(lines, e.link)
	}
	if b.o.Attribution {
		switch {
		case e.srcURL != "" && e.srcLabel != "":
			lines = append(lines, e.srcLabel+": "+e.srcURL)
		case e.srcURL != "":
			lines = append(lines, e.srcURL)
		}
		lines = append(lines, poweredBy)
	}

	// The text gets the room the other lines leave: their characters
	// and a newline each.
	room := b.o.MaxChars
	for _, l := range lines {
		if l != "" {
			room -= utf8.RuneCountInString(l) + 1
		}
	}
	target := e.target
	if target == 0 {
		target = sentenceTarget
	}
	text := fit(e.text, room, target)
	if text == "" && (e.link == "" || room < -1) {
		return ""
	}
	if text == "" {
		lines = slices.Delete(lines, textLine, textLine+1)
	} else {
		lines[textLine] = text
	}
	return strings.Join(lines, "\n")
}

// title returns the cleaned Heading, else the cleaned query, else fallback,
// shortened for a title line.
func (b *builder) title(fallback string) string {
	if b.heading == "" {
		b.heading = clean(b.a.Heading)
		if b.heading == "" {
			b.heading = clean(b.query)
		}
		b.heading = shorten(b.heading, maxTitle)
	}
	if b.heading == "" {
		return fallback
	}
	return b.heading
}

// answer offers the instant answer unless it describes our server rather
// than the person asking, or is a calculation the API no longer does.
func (b *builder) answer() {
	if b.a.Answer == "" || callerDependent(b.a.AnswerType) {
		return
	}
	text := clean(string(b.a.Answer))
	b.add(entry{title: b.title("Answer"), text: text}, confAnswer, "")
}

// callerDependent reports answer types that describe the caller (our
// server: its IP, location or user agent) and calculator answers, whose
// text the API has left empty or wrong for years.
func callerDependent(answerType string) bool {
	key := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, answerType)
	switch key {
	case "ip", "iploc", "myip", "ipaddress", "useragent", "ua", "calc", "calculator":
		return true
	}
	return false
}

func (b *builder) abstract() {
	text := clean(b.a.AbstractText)
	if text == "" {
		return
	}
	src, _ := SafeURL(b.a.AbstractURL)
	b.add(entry{
		title:    b.title("Summary"),
		text:     text,
		srcLabel: clean(b.a.AbstractSource),
		srcURL:   src,
	}, confAbstract, "")
}

func (b *builder) definition() {
	text := clean(b.a.Definition)
	if text == "" {
		return
	}
	title := b.title("Definition")
	// Definitions repeat the term: "Lorem ipsum - A common piece of text".
	if t := trimLabel(text, title); t != "" {
		text = t
	}
	src, _ := SafeURL(b.a.DefinitionURL)
	b.add(entry{
		title:    title,
		text:     text,
		srcLabel: clean(b.a.DefinitionSource),
		srcURL:   src,
	}, confDefinition, "")
}

// related offers the answer's links (Results, such as the official site)
// and then its related topics, with decreasing confidence.
func (b *builder) related() {
	n := 0
	for i := range b.a.Results {
		if n >= maxRelated || b.full() {
			return
		}
		if b.result(&b.a.Results[i], n) {
			n++
		}
	}
	b.topics(b.a.RelatedTopics, &n, 0)
}

func relatedConf(n int) float64 {
	return float64(confRelatedMilli-confRelatedStep*n) / 1000
}

// result offers one of the answer's links: the URL is the content, the
// anchor text (prefixed with the heading when it does not name the topic,
// as "Official site" does not) is the title.
func (b *builder) result(t *instant.Topic, n int) bool {
	link, ok := SafeURL(t.FirstURL)
	if !ok {
		return b.topic(t, n)
	}
	title, text := topicText(t)
	if broken(title) {
		return false
	}
	heading := b.title("")
	switch {
	case title == "":
		title = heading
	case heading != "" && !containsFold(title, heading):
		title = shorten(heading+": "+title, maxTitle)
	}
	if title == "" {
		title = "Link"
	}
	e := entry{title: title, text: text, link: link}
	return b.add(e, relatedConf(n), link)
}

// topics offers related topics, flattening groups, skipping category and
// disambiguation links and topics without a description.
func (b *builder) topics(ts []instant.Topic, n *int, depth int) {
	for i := range ts {
		if *n >= maxRelated || b.full() {
			return
		}
		t := &ts[i]
		if len(t.Topics) > 0 {
			if depth < groupDepth {
				b.topics(t.Topics, n, depth+1)
			}
			continue
		}
		if b.topic(t, *n) {
			*n++
		}
	}
}

// topic offers one related topic: its title, its description, and its
// DuckDuckGo page as the source link.
func (b *builder) topic(t *instant.Topic, n int) bool {
	if listLink(t.FirstURL) {
		return false
	}
	title, text := topicText(t)
	if title == "" || text == "" || broken(title) || strings.EqualFold(title, b.title("")) {
		return false
	}
	url, _ := SafeURL(t.FirstURL)
	e := entry{title: title, text: text, srcURL: url}
	return b.add(e, relatedConf(n), url)
}

// topicText returns the title (the <a> text of Result) and the description
// (Text without the title and the separator after it) of a topic. Text
// joins the two with " - ", a space or nothing, depending on the answer.
func topicText(t *instant.Topic) (title, text string) {
	title = anchorText(t.Result)
	text = clean(t.Text)
	if text == "" {
		text = clean(t.Result)
	}
	if title != "" {
		text = trimLabel(text, title)
		title = shorten(title, maxTitle)
	}
	return title, text
}

// broken reports anchor texts that are really a URL followed by words:
// the API sometimes emits such malformed links.
func broken(title string) bool {
	return hasPrefixFold(title, "http") && strings.IndexByte(title, ' ') >= 0
}

// listLink reports DuckDuckGo category (/c/) and disambiguation (/d/)
// pages: lists of other topics, not content.
func listLink(u string) bool {
	i := strings.Index(u, "duckduckgo.com/")
	if i < 0 {
		return false
	}
	p := u[i+len("duckduckgo.com"):]
	return strings.HasPrefix(p, "/c/") || strings.HasPrefix(p, "/d/")
}

// containsFold reports whether sub is within s, ignoring case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// category offers one suggestion listing a few members of a category.
func (b *builder) category() {
	var names []string
	total := 0
	b.eachMember(b.a.RelatedTopics, 0, func(t *instant.Topic) {
		name := anchorText(t.Result)
		if name == "" || broken(name) || slices.Contains(names, name) {
			return
		}
		total++
		if len(names) < categoryN {
			names = append(names, name)
		}
	})
	if len(names) == 0 {
		return
	}
	src, _ := SafeURL(b.a.AbstractURL)
	b.add(entry{
		title:    b.title("Category"),
		text:     joinNames(names, total-len(names)),
		srcLabel: clean(b.a.AbstractSource),
		srcURL:   src,
		target:   whatsAppMaxChars,
	}, confCategory, "")
}

// eachMember calls f for each topic, groups flattened, that is not a link
// to another list.
func (b *builder) eachMember(ts []instant.Topic, depth int, f func(*instant.Topic)) {
	for i := range ts {
		t := &ts[i]
		if len(t.Topics) > 0 {
			if depth < groupDepth {
				b.eachMember(t.Topics, depth+1, f)
			}
			continue
		}
		if t.Result == "" || listLink(t.FirstURL) {
			continue
		}
		f(t)
	}
}

// joinNames returns "A, B and C", or "A, B, C and 7 more".
func joinNames(names []string, more int) string {
	if more > 0 {
		return strings.Join(names, ", ") + " and " + strconv.Itoa(more) + " more"
	}
	last := len(names) - 1
	if last == 0 {
		return names[0]
	}
	return strings.Join(names[:last], ", ") + " and " + names[last]
}

// didYouMean handles a disambiguation answer. Its meanings are not an
// answer, and a one-word query ("hi", "ok", "cat") is almost never asking
// about any of them, so it gets nothing; a longer query gets one short,
// low-confidence question naming the first few meanings.
func (b *builder) didYouMean() {
	if words(b.query) < 2 {
		return
	}
	var names []string
	if b.a.Type == "D" {
		b.eachMember(b.a.RelatedTopics, 0, func(t *instant.Topic) {
			name := anchorText(t.Result)
			if len(names) < didYouMeanN && name != "" && !broken(name) && !slices.Contains(names, name) {
				names = append(names, name)
			}
		})
	} else {
		names = bulletNames(clean(b.a.AbstractText), didYouMeanN)
	}
	// Drop meanings from the end until the question fits.
	for k := len(names); k > 0; k-- {
		body := "Did you mean: " + strings.Join(names[:k], ", ") + "?"
		if utf8.RuneCountInString(body) <= b.o.MaxChars {
			b.out = append(b.out, instant.Suggestion{Type: "TEXT", Title: "Did you mean", Body: body, Confidence: confDidYouMean})
			return
		}
	}
}

// words counts the words of a query: runs of characters containing a
// letter or digit ("cat?" is one word).
func words(q string) int {
	n := 0
	for f := range strings.FieldsSeq(q) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// meaningList reports an abstract that is a disambiguation list in
// disguise ("Typescript may refer to: • typescript, a manuscript …"),
// which the API sometimes sends as an article.
func meaningList(abstract string) bool {
	if len(abstract) > 300 {
		abstract = abstract[:300]
	}
	for _, p := range [...]string{"may refer to:", "may also refer to:", "can refer to:", "pode referir-se a:", "puede referirse a:"} {
		if strings.Contains(abstract, p) {
			return true
		}
	}
	return false
}

// bulletNames returns the first words of the first n "•" items of a
// meaning list, each up to its first comma.
func bulletNames(list string, n int) []string {
	var names []string
	items := strings.Split(list, "•")
	for _, it := range items[1:] {
		if len(names) == n {
			break
		}
		it, _, _ = strings.Cut(it, ",")
		it = strings.TrimSpace(it)
		if it == "" || utf8.RuneCountInString(it) > maxTitle || slices.Contains(names, it) {
			continue
		}
		names = append(names, it)
	}
	return names
}
