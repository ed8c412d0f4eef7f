package suggest

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInput is the most of one field that is read: 4 bytes for each of
// WhatsApp's 4096 characters, the longest any body can be.
const maxInput = 4 * whatsAppMaxChars

// Text handling for WhatsApp. The API mixes plain text, HTML fragments and
// entities; WhatsApp renders none of that but does render *bold*, _italic_,
// ~strike~ and `code`, so a stray marker in an encyclopaedia text would
// toggle formatting for the rest of the message.

// CleanText returns s as suggestions show text: one line of plain text
// (no HTML, entities decoded, no control or invisible characters, no
// invalid UTF-8, no WhatsApp formatting), shortened at a word to at most
// maxChars characters ending in "…" when it is longer. maxChars <= 0
// means no limit beyond the input read, which is bounded. The result may
// be empty.
func CleanText(s string, maxChars int) string {
	return shorten(clean(s), maxChars)
}

// clean returns s as one line of plain text that WhatsApp shows as it is:
// tags removed (block tags become spaces), entities decoded, whitespace runs
// collapsed to one space, control and invisible characters, invalid UTF-8
// and U+FFFD dropped, formatting markers replaced by lookalikes, no leading
// '>' (a quote) and no leading or trailing space. Text that needs none of this
// is returned without allocating. Only the first maxInput bytes are read:
// no message can hold more, and it bounds the work on a hostile answer.
func clean(s string) string {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	if !needsClean(s) {
		return s
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = stripTags(s)
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
		// Escaped markup ("&lt;b&gt;") is still markup to a reader.
		if strings.IndexByte(s, '<') >= 0 {
			s = stripTags(s)
		}
	}
	// Markup around plain words ("<b>Official site</b>") leaves nothing
	// for normalize, which would only copy it.
	if !needsClean(s) {
		return s
	}
	return defuse(normalize(s))
}

// defuse replaces each '<' that could open a tag with the lookalike '‹'.
// stripTags keeps a '<' that does not open a complete tag, but dropping
// invalid bytes or invisible characters ("<\xffb>"), removing a tag
// ("<<b>b>") or a '>' on a later line of the body can complete one.
func defuse(s string) string {
	var sb strings.Builder
	last := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '<' && tagStart(s[i+1]) {
			if last == 0 {
				sb.Grow(len(s) + 16)
			}
			sb.WriteString(s[last:i])
			sb.WriteString("‹")
			last = i + 1
		}
	}
	if last == 0 {
		return s
	}
	sb.WriteString(s[last:])
	return sb.String()
}

// needsClean reports whether clean has anything to do on s.
func needsClean(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[0] == '>' || s[len(s)-1] == ' ' {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < ' ' || c == 0x7f:
				return true
			case c == '<' || c == '&' || c == '*' || c == '_' || c == '~' || c == '`':
				return true
			case c == ' ' && i+1 < len(s) && s[i+1] == ' ':
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || invisible(r) {
			return true
		}
		i += size
	}
	return false
}

// invisible reports characters dropped from text: zero-width space, BOM,
// soft hyphen and the bidi embeddings/isolates, which would reorder
// everything after them in the message. Joiners (U+200C, U+200D) stay: emoji
// sequences and Persian need them.
func invisible(r rune) bool {
	switch {
	case r == 0x200B, r == 0xFEFF, r == 0x00AD:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// lookalike maps WhatsApp formatting markers to characters that look the
// same but format nothing.
func lookalike(r rune) rune {
	switch r {
	case '*':
		return '∗' // U+2217 ASTERISK OPERATOR
	case '_':
		return '＿' // U+FF3F FULLWIDTH LOW LINE
	case '~':
		return '∼' // U+223C TILDE OPERATOR
	case '`':
		return 'ˋ' // U+02CB MODIFIER LETTER GRAVE ACCENT
	}
	return r
}

// normalize is the last step of clean: one pass over the runes.
func normalize(s string) string {
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// Invalid UTF-8, or the U+FFFD a JSON decoder leaves of it:
			// it carries nothing a reader can use.
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case invisible(r):
			continue
		case r == '>' && sb.Len() == 0:
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(lookalike(r))
	}
	return sb.String()
}

// stripTags removes HTML tags from s. Block-level tags become a space so
// that paragraphs do not run together; inline tags (<a>, <b>, <i>) vanish.
// A '<' that does not start a complete tag is kept as text.
func stripTags(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	closed := true // whether a '>' may still follow; avoids rescanning
	for i := 0; i < len(s); {
		c := s[i]
		if c == '<' && closed && i+1 < len(s) && tagStart(s[i+1]) {
			j := strings.IndexByte(s[i+1:], '>')
			if j >= 0 {
				if blockTag(s[i+1 : i+1+j]) {
					sb.WriteByte(' ')
				}
				i += j + 2
				continue
			}
			closed = false
		}
		sb.WriteByte(c)
		i++
	}
	return sb.String()
}

func tagStart(c byte) bool {
	return c == '/' || c == '!' || c == '?' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// blockTag reports whether the tag whose inside (between '<' and '>') is
// tag breaks the line when rendered.
func blockTag(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	end := 0
	for end < len(tag) && (tag[end] >= 'a' && tag[end] <= 'z' || tag[end] >= 'A' && tag[end] <= 'Z' || tag[end] >= '0' && tag[end] <= '9') {
		end++
	}
	switch strings.ToLower(tag[:end]) {
	case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "hr", "dd", "dt",
		"h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
		return true
	}
	return false
}

// anchorText returns the cleaned text of the first <a> element of an API
// Result field, or "" if it has none.
func anchorText(result string) string {
	for i := 0; i+2 < len(result); i++ {
		if result[i] != '<' || result[i+1] != 'a' && result[i+1] != 'A' ||
			result[i+2] != '>' && result[i+2] != ' ' {
			continue
		}
		gt := strings.IndexByte(result[i:], '>')
		if gt < 0 {
			return ""
		}
		inner := result[i+gt+1:]
		end := strings.Index(inner, "</a>")
		if end < 0 {
			end = strings.Index(inner, "</A>")
		}
		if end < 0 {
			return ""
		}
		return clean(inner[:end])
	}
	return ""
}

// trimLabel removes label from the start of text (ignoring case), then the
// separator the API puts after it (" - ", ",", ":" or nothing), and returns
// the rest; text is returned unchanged when it does not start with label.
func trimLabel(text, label string) string {
	if label == "" || len(text) < len(label) ||
		len(text) > len(label) && !utf8.RuneStart(text[len(label)]) ||
		!strings.EqualFold(text[:len(label)], label) {
		return text
	}
	return strings.TrimLeft(text[len(label):], " -–—:,;")
}

// fit returns text shortened to at most budget runes. It prefers whole
// sentences, taking as many as fit in min(budget, target) runes (at least
// one if it fits in budget); failing that it cuts at a word boundary and
// appends "…". It returns "" when not even one word fits.
func fit(text string, budget, target int) string {
	if budget <= 0 || text == "" {
		return ""
	}
	limit := min(budget, target)
	n := utf8.RuneCountInString(text)
	if n <= limit {
		return text
	}
	best, count := 0, 0
	for i := range text {
		count++
		end, ok := sentenceEnd(text, i)
		if !ok {
			continue
		}
		c := count + utf8.RuneCountInString(text[i:end]) - 1
		if c <= limit {
			best = end
			continue
		}
		if best == 0 && c <= budget {
			return text[:end]
		}
		break
	}
	if best > 0 {
		return text[:best]
	}
	if n <= budget {
		return text
	}
	return cutWords(text, budget)
}

// sentenceEnd reports whether the rune at byte i of text ends a sentence,
// and if so the byte index just after it (closing quotes and brackets
// included). The end of text always ends a sentence.
func sentenceEnd(text string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(text[i:])
	j := i + size
	if j >= len(text) {
		return j, true
	}
	switch r {
	case '。', '！', '？':
		return j, true
	case '.', '!', '?', '؟', '۔':
	default:
		return 0, false
	}
	if r == '.' && initial(text, i) {
		return 0, false
	}
	for j < len(text) {
		c, size := utf8.DecodeRuneInString(text[j:])
		if !strings.ContainsRune(`"')]”’»`, c) {
			break
		}
		j += size
	}
	if j >= len(text) {
		return j, true
	}
	if text[j] != ' ' {
		return 0, false
	}
	next, _ := utf8.DecodeRuneInString(text[j+1:])
	if unicode.IsLower(next) || unicode.IsDigit(next) {
		return 0, false
	}
	return j, true
}

// initial reports whether the '.' at byte i follows a lone letter, as in
// "John F. Kennedy", "U.S. Army" or "c. 1900": not a sentence end.
func initial(text string, i int) bool {
	prev, size := utf8.DecodeLastRuneInString(text[:i])
	if !unicode.IsLetter(prev) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i-size])
	return i-size == 0 || before == ' ' || before == '.'
}

// shorten returns text, cut at a word to at most maxChars runes (see
// cutWords) when it is longer; maxChars <= 0 means no limit.
func shorten(text string, maxChars int) string {
	if maxChars <= 0 || utf8.RuneCountInString(text) <= maxChars {
		return text
	}
	return cutWords(text, maxChars)
}

// cutWords shortens text to at most budget runes ending in "…", cutting at
// the last space when that keeps at least half of the room (otherwise,
// e.g. in Chinese or a long URL, at a character).
func cutWords(text string, budget int) string {
	if budget < 2 {
		return ""
	}
	// Byte index of the end of the first budget-1 runes.
	end, count := len(text), 0
	for i := range text {
		if count == budget-1 {
			end = i
			break
		}
		count++
	}
	cut := end
	if end < len(text) && text[end] != ' ' {
		if sp := strings.LastIndexByte(text[:end], ' '); sp > end/2 {
			cut = sp
		}
	}
	head := strings.TrimRightFunc(text[:cut], func(r rune) bool {
		return r == ' ' || r == 0x200D || r == 0xFE0F || strings.ContainsRune(",;:.-–—(/", r)
	})
	if head == "" {
		return ""
	}
	return head + "…"
}

// SafeURL returns u fit to stand on its own line in a message, and whether
// it is acceptable at all. Only an absolute http or https URL with a host,
// no user part ("https://en.wikipedia.org@evil.example/" shows one host and
// opens another) and at most 2000 bytes is; so is a DuckDuckGo relative
// link ("/Cat"), made absolute. Invalid UTF-8, or the U+FFFD a decoder
// leaves of it, means the link no longer leads where its source meant, and
// is refused too. Spaces, quotes, angle brackets, control and invisible
// characters and the formatting markers '*', '~' and '`' are
// percent-encoded so that the link neither breaks nor formats ('_' stays:
// it is in most Wikipedia links and WhatsApp leaves it alone in a link).
// When it refuses a URL, SafeURL returns "" and false.
func SafeURL(u string) (string, bool) {
	const maxURL = 2000
	u = strings.TrimSpace(u)
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		u = "https://duckduckgo.com" + u
	}
	if len(u) > maxURL || !utf8.ValidString(u) || strings.ContainsRune(u, utf8.RuneError) {
		return "", false
	}
	u = escapeURL(u)
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" && p.Scheme != "https" || p.User != nil || p.Hostname() == "" {
		return "", false
	}
	return u, true
}

// escapeURL percent-encodes the characters of u that would break or
// format it in a message.
func escapeURL(u string) string {
	if !strings.ContainsFunc(u, urlEscape) {
		return u
	}
	var sb strings.Builder
	for _, r := range u {
		if !urlEscape(r) {
			sb.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

func urlEscape(r rune) bool {
	return r == '<' || r == '>' || r == '"' || r == '*' || r == '~' || r == '`' ||
		unicode.IsSpace(r) || unicode.IsControl(r) || invisible(r)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
