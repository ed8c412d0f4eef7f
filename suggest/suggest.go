// Package suggest turns a DuckDuckGo Instant Answer into suggested replies
// that a helpdesk operator can send on WhatsApp with one click. It is a pure
// function of the answer, the query and the options: no I/O, no state.
package suggest

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/duckduckgo"
)

// Suggestion is one Turn suggested response.
type Suggestion struct {
	Type       string  `json:"type"` // always "TEXT"
	Title      string  `json:"title"`
	Body       string  `json:"body"`
	Confidence float64 `json:"confidence"` // in [0,1]; Build returns them strictly descending
}

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
func Build(a *duckduckgo.Answer, query string, o Options) []Suggestion {
	if a == nil || a.Redirect != "" {
		return []Suggestion{}
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
		b.finish()
	}
	if b.out == nil {
		return []Suggestion{}
	}
	return b.out
}

// builder accumulates the suggestions of one Build call.
type builder struct {
	a       *duckduckgo.Answer
	query   string
	o       Options
	heading string // cleaned Heading, cached by title
	// out has each suggestion's Type and Confidence; finish sets the Body
	// and Title, which until then are laid out one after the other in
	// bodies, so that all of them take one allocation.
	out    []Suggestion
	bodies strings.Builder
	// seen holds one key per suggestion in out: the first ones in an
	// array, so that the builder stays on the stack (a slice of its own
	// array would move it to the heap), the rest in more.
	seen  [8]seenKey
	nSeen int
	more  []seenKey
}

// seenKey identifies content already offered, and where its body is in
// builder.bodies.
type seenKey struct {
	head, title, text, url string
	start, end, titleLen   int
}

func (b *builder) seenKey(i int) *seenKey {
	if i < len(b.seen) {
		return &b.seen[i]
	}
	return &b.more[i-len(b.seen)]
}

// finish sets the Body and Title of each suggestion that add appended.
func (b *builder) finish() {
	all := b.bodies.String() // no copy: the bodies refer to its buffer
	for i := range b.out {
		k := b.seenKey(i)
		b.out[i].Body = all[k.start:k.end]
		if k.titleLen > 0 { // the body starts with "*title*"
			b.out[i].Title = all[k.start+1 : k.start+1+k.titleLen]
		}
	}
}

// entry is one suggestion before it is laid out.
type entry struct {
	title    string // cleaned; the bold first line
	head     string // when set, the title line is head + ": " + title
	text     string // cleaned; shortened to fit
	link     string // a URL that is the content itself ("Official site")
	srcLabel string // attribution source name ("Wikipedia"); "" for a bare link
	srcURL   string // attribution link; "" for none
	target   int    // sentence target for text; 0 for sentenceTarget
}

func (b *builder) full() bool { return len(b.out) >= b.o.Max }

// add lays e out and appends it unless it is empty, too long, or repeats
// earlier content. It reports whether it appended.
func (b *builder) add(e entry, conf float64, url string) bool {
	if b.full() || b.dup(&e, url) {
		return false
	}
	start := b.bodies.Len()
	titleLen := b.layout(e)
	all := b.bodies.String()
	body := all[start:]
	if len(body) == 0 {
		return false
	}
	for i := range b.out {
		if k := b.seenKey(i); all[k.start:k.end] == body {
			return false // its bytes stay in bodies, unused
		}
	}
	if b.out == nil {
		b.out = make([]Suggestion, 0, min(b.o.Max, 8))
	}
	b.out = append(b.out, Suggestion{Type: "TEXT", Confidence: conf})
	k := seenKey{e.head, e.title, e.text, url, start, len(all), titleLen}
	if b.nSeen < len(b.seen) {
		b.seen[b.nSeen] = k
		b.nSeen++
	} else {
		b.more = append(b.more, k)
	}
	return true
}

// dup reports whether the same text, or the same title for the same link,
// was offered before.
func (b *builder) dup(e *entry, url string) bool {
	for i := range b.out {
		k := b.seenKey(i)
		if e.text != "" && strings.EqualFold(k.text, e.text) ||
			url != "" && k.url == url && strings.EqualFold(k.fullTitle(), e.fullTitle()) {
			return true
		}
	}
	return false
}

// fullTitle returns the title line; it allocates only for a head, which
// dup needs only for a repeated link.
func (k *seenKey) fullTitle() string { return joinTitle(k.head, k.title) }

func (e *entry) fullTitle() string { return joinTitle(e.head, e.title) }

func joinTitle(head, title string) string {
	if head == "" {
		return title
	}
	return head + ": " + title
}

// layout appends the body of e to b.bodies: the bold title, the text, the
// content link, then the attribution, one per line; nothing if no text fits
// in MaxChars. It returns the length in bytes of the title.
func (b *builder) layout(e entry) (titleLen int) {
	// The source line is "label: url", or the url alone.
	var srcLabel, src string
	if b.o.Attribution && e.srcURL != "" {
		srcLabel, src = e.srcLabel, e.srcURL
	}
	// Runes and lines besides the text; each line but the first costs a
	// newline.
	fixed, lines := 0, 0
	if e.title != "" {
		fixed += utf8.RuneCountInString(e.title) + 2
		lines++
	}
	if e.head != "" {
		fixed += utf8.RuneCountInString(e.head) + len(": ")
	}
	for _, l := range [...]string{e.link, src} {
		if l != "" {
			fixed += utf8.RuneCountInString(l)
			lines++
		}
	}
	if srcLabel != "" {
		fixed += utf8.RuneCountInString(srcLabel) + len(": ")
	}
	if b.o.Attribution {
		fixed += len(poweredBy)
		lines++
	}
	target := e.target
	if target == 0 {
		target = sentenceTarget
	}
	text := fit(e.text, b.o.MaxChars-fixed-lines, target)
	if text == "" && e.link == "" {
		return 0
	}
	if text == "" && fixed+lines-1 > b.o.MaxChars {
		return 0
	}
	sb := &b.bodies
	if sb.Cap() == 0 {
		// Enough for the usual bodies: a few sentences each.
		sb.Grow(min(b.o.Max, 8) * 512)
	}
	start := sb.Len()
	line := func(label, s string) {
		if s == "" {
			return
		}
		if sb.Len() > start {
			sb.WriteByte('\n')
		}
		if label != "" {
			sb.WriteString(label)
			sb.WriteString(": ")
		}
		sb.WriteString(s)
	}
	if e.title != "" {
		sb.WriteByte('*')
		if e.head != "" {
			sb.WriteString(e.head)
			sb.WriteString(": ")
		}
		sb.WriteString(e.title)
		titleLen = sb.Len() - start - 1
		sb.WriteByte('*')
	}
	line("", text)
	line("", e.link)
	line(srcLabel, src)
	if b.o.Attribution {
		line("", poweredBy)
	}
	return titleLen
}

// title returns the cleaned Heading, else the cleaned query, else fallback,
// shortened for a title line.
func (b *builder) title(fallback string) string {
	if b.heading == "" {
		b.heading = clean(b.a.Heading)
		if b.heading == "" {
			b.heading = clean(b.query)
		}
		if b.heading != "" && utf8.RuneCountInString(b.heading) > maxTitle {
			b.heading = cutWords(b.heading, maxTitle)
		}
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
	var buf [24]byte
	n := 0
	for _, r := range answerType {
		if r == '_' || r == '-' || r == ' ' {
			continue
		}
		if n+utf8.RuneLen(unicode.ToLower(r)) > len(buf) {
			return false
		}
		n += utf8.EncodeRune(buf[n:], unicode.ToLower(r))
	}
	switch string(buf[:n]) {
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
func (b *builder) result(t *duckduckgo.Topic, n int) bool {
	link, ok := SafeURL(t.FirstURL)
	if !ok {
		return b.topic(t, n)
	}
	title, text := topicText(t)
	if broken(title) {
		return false
	}
	heading := b.title("")
	head := ""
	switch {
	case title == "":
		title = heading
	case heading != "" && !containsFold(title, heading):
		// The title line is heading + ": " + title, laid out without
		// joining the two unless it is too long.
		if utf8.RuneCountInString(heading)+len(": ")+utf8.RuneCountInString(title) > maxTitle {
			title = cutWords(heading+": "+title, maxTitle)
		} else {
			head = heading
		}
	}
	if title == "" {
		title = "Link"
	}
	e := entry{title: title, head: head, text: text, link: link}
	return b.add(e, relatedConf(n), link)
}

// topics offers related topics, flattening groups, skipping category and
// disambiguation links and topics without a description.
func (b *builder) topics(ts []duckduckgo.Topic, n *int, depth int) {
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
func (b *builder) topic(t *duckduckgo.Topic, n int) bool {
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
func topicText(t *duckduckgo.Topic) (title, text string) {
	title = anchorText(t.Result)
	text = clean(t.Text)
	if text == "" {
		text = clean(t.Result)
	}
	if title != "" {
		text = trimLabel(text, title)
		if utf8.RuneCountInString(title) > maxTitle {
			title = cutWords(title, maxTitle)
		}
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
	if sub == "" {
		return true
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		// Cheap filter on ASCII first bytes before the full comparison.
		if c := s[i]; first < utf8.RuneSelf && c < utf8.RuneSelf && c|0x20 != first|0x20 {
			continue
		}
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// category offers one suggestion listing a few members of a category.
func (b *builder) category() {
	var names [categoryN]string
	k, total := 0, 0
	b.eachMember(b.a.RelatedTopics, 0, func(t *duckduckgo.Topic) {
		total++
		if k == len(names) {
			return
		}
		name := anchorText(t.Result)
		if name == "" || broken(name) || containsName(names[:k], name) {
			total--
			return
		}
		names[k] = name
		k++
	})
	if k == 0 {
		return
	}
	src, _ := SafeURL(b.a.AbstractURL)
	b.add(entry{
		title:    b.title("Category"),
		text:     joinNames(names[:k], total-k),
		srcLabel: clean(b.a.AbstractSource),
		srcURL:   src,
		target:   whatsAppMaxChars,
	}, confCategory, "")
}

// eachMember calls f for each topic, groups flattened, that is not a link
// to another list.
func (b *builder) eachMember(ts []duckduckgo.Topic, depth int, f func(*duckduckgo.Topic)) {
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

// containsName reports whether name is among names. Case matters:
// "typescript" (a manuscript) is not "TypeScript".
func containsName(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// joinNames returns "A, B and C", or "A, B, C and 7 more".
func joinNames(names []string, more int) string {
	var sb strings.Builder
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1 && more <= 0:
			sb.WriteString(" and ")
		default:
			sb.WriteString(", ")
		}
		sb.WriteString(n)
	}
	if more > 0 {
		sb.WriteString(" and ")
		sb.WriteString(strconv.Itoa(more))
		sb.WriteString(" more")
	}
	return sb.String()
}

// didYouMean handles a disambiguation answer. Its meanings are not an
// answer, and a one-word query ("hi", "ok", "cat") is almost never asking
// about any of them, so it gets nothing; a longer query gets one short,
// low-confidence question naming the first few meanings.
func (b *builder) didYouMean() {
	if words(b.query) < 2 {
		return
	}
	var names [didYouMeanN]string
	k := 0
	if b.a.Type == "D" {
		b.eachMember(b.a.RelatedTopics, 0, func(t *duckduckgo.Topic) {
			if k == len(names) {
				return
			}
			if name := anchorText(t.Result); name != "" && !broken(name) && !containsName(names[:k], name) {
				names[k] = name
				k++
			}
		})
	} else {
		k = bulletNames(clean(b.a.AbstractText), names[:])
	}
	// Drop meanings from the end until the question fits.
	for ; k > 0; k-- {
		var sb strings.Builder
		sb.WriteString("Did you mean: ")
		for i, n := range names[:k] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(n)
		}
		sb.WriteByte('?')
		body := sb.String()
		if utf8.RuneCountInString(body) <= b.o.MaxChars {
			b.out = append(b.out, Suggestion{Type: "TEXT", Title: "Did you mean", Body: body, Confidence: confDidYouMean})
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

// bulletNames fills names with the first words of the "•" items of a
// meaning list, up to the first comma of each, and returns how many.
func bulletNames(list string, names []string) int {
	k := 0
	items := strings.Split(list, "•")
	for _, it := range items[1:] {
		if k == len(names) {
			break
		}
		if c := strings.IndexByte(it, ','); c >= 0 {
			it = it[:c]
		}
		it = strings.TrimSpace(it)
		if it == "" || utf8.RuneCountInString(it) > maxTitle || containsName(names[:k], it) {
			continue
		}
		names[k] = it
		k++
	}
	return k
}
