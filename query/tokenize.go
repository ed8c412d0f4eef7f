package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenize splits a message into words. A word starts with a letter or a
// digit and goes on through letters, digits and combining marks; a hyphen,
// slash or apostrophe between two word characters stays inside it
// ("covid-19", "HIV/AIDS", "don't"). Everything else (spaces, punctuation,
// emoji, invalid bytes) separates words, and sentence punctuation also ends
// a clause. Only the first maxInputRunes runes are read. The words are
// appended to toks.
func tokenize(toks []token, text string, cjkPrefix, cjkSuffix []string) []token {
	lower := hasLower(text)
	// Lower-casing a short ASCII message once gives every word's key with
	// one allocation at most, instead of one per capitalised word.
	folded := ""
	if len(text) <= maxFoldBytes && isASCII(text) {
		folded = strings.ToLower(text)
	}
	start := -1 // byte offset of the word being read, or -1
	runes := 0
	flush := func(end int) {
		if start >= 0 {
			f := ""
			if folded != "" {
				f = folded[start:end]
			}
			toks = appendWord(toks, text[start:end], f, lower, cjkPrefix, cjkSuffix)
			start = -1
		}
	}
	end := len(text)
	for i, r := range text {
		if runes++; runes > maxInputRunes {
			end = i
			break
		}
		switch {
		case r == utf8.RuneError:
			flush(i)
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if start < 0 {
				start = i
			}
		case unicode.IsMark(r) && start >= 0:
		case isJoiner(r) && start >= 0 && nextIsWord(text[i+utf8.RuneLen(r):]):
		default:
			flush(i)
			if isClauseEnd(r) && len(toks) > 0 {
				toks[len(toks)-1].stop = true
				toks[len(toks)-1].ask = toks[len(toks)-1].ask || isQuestionMark(r)
				toks[len(toks)-1].period = toks[len(toks)-1].period || isSentenceEnd(r)
			}
		}
	}
	flush(end)
	return toks
}

// maxFoldBytes bounds the message that tokenize lower-cases whole.
const maxFoldBytes = 512

// appendWord adds one word, dropping a possessive "'s" and cutting question
// framings off words of scripts written without spaces. folded is w lower
// case when the caller has it (an ASCII w), or "".
func appendWord(toks []token, w, folded string, lower bool, cjkPrefix, cjkSuffix []string) []token {
	poss := false
	if n := len(w); n > 3 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "'S")) {
		w, poss = w[:n-2], true
		if folded != "" {
			folded = folded[:n-2]
		}
	} else if n > 5 && strings.HasSuffix(w, "’s") {
		w, poss = w[:n-len("’s")], true
	}
	if r, _ := utf8.DecodeRuneInString(w); unicode.Is(unicode.Han, r) {
		w = trimCJK(w, cjkPrefix, cjkSuffix)
		if w == "" {
			return toks
		}
	}
	k := folded
	if k == "" || strings.IndexByte(k, '\'') >= 0 {
		k = key(w)
	}
	return append(toks, token{text: w, key: k, acronym: lower && isAcronym(w), poss: poss})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func trimCJK(w string, cjkPrefixes, cjkSuffixes []string) string {
	for changed := true; changed && w != ""; {
		changed = false
		for _, p := range cjkPrefixes {
			if strings.HasPrefix(w, p) {
				w, changed = w[len(p):], true
			}
		}
		for _, s := range cjkSuffixes {
			if strings.HasSuffix(w, s) {
				w, changed = w[:len(w)-len(s)], true
			}
		}
	}
	return w
}

func isJoiner(r rune) bool {
	return r == '-' || r == '/' || r == '\'' || r == '’'
}

func nextIsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

func isQuestionMark(r rune) bool {
	return r == '?' || r == '？' || r == '؟'
}

func isClauseEnd(r rune) bool {
	switch r {
	case '.', '!', '?', ';', ':', ',', '\n', '(', ')', '¿', '¡', '。', '？', '！', '，', '؟', '،', '؛':
		return true
	}
	return false
}

// isSentenceEnd reports punctuation that ends a sentence, not only a
// clause.
func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', '。', '？', '！', '؟':
		return true
	}
	return false
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// isAcronym reports a word of two or more letters, all capitals.
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}
