package safety

import "strings"

// token is one word of a message with the other forms it may stand for:
// forms[0] is the folded word, then its listed spellings ("to" → "estou"),
// English stems ("cutting" → "cut"), a correction to a word of the lists
// one typo away ("sucide" → "suicide") and Bantu verb analyses
// ("nitajiua" → "1+self+ua"). An empty word (masked by an exclusion)
// matches nothing. lang is the language of the word's clause as the
// extraction read it ("" when nothing told): English stems and English
// words of harm and of persons are read only in English, Hinglish
// (English mixed in) or unknown words, so a Swahili or Spanish word is
// not read as an English one ("papas", potatoes, as "papa").
type token struct {
	forms []string
	lang  string
	// sw and zu mark the forms (bit i: forms[i], for the first 64) that a
	// Swahili or an isiZulu verb analysis gave: a form only one analyser
	// gives is not a form of the other language's words ("usingizi",
	// sleep, is no zu u-si-ngizi with an object "me").
	sw, zu uint64
}

// readBy reports whether form i of t is a form of the words of language:
// not a verb analysis, or one of that language's analyser.
func (t token) readBy(i int, language string) bool {
	if i >= 64 {
		return true
	}
	bit := uint64(1) << i
	switch {
	case (t.sw|t.zu)&bit == 0:
		return true
	case language == "sw":
		return t.sw&bit != 0
	case language == "zu":
		return t.zu&bit != 0
	}
	return false
}

// readsEnglish reports whether a word of a clause in lang may be read as
// English: an English or Hinglish clause, or one of no known language.
func readsEnglish(lang string) bool { return lang == "" || lang == "en" || lang == "hi" }

func (t token) has(g glob) bool {
	for _, f := range t.forms {
		if g.match(f) {
			return true
		}
	}
	return false
}

// normaliser gives the forms of the words of a message. It is immutable
// once built.
type normaliser struct {
	spellings map[string][]string  // a spelling → the word it stands for
	vocab     map[string]bool      // the whole words of the lists
	deletes   map[string][]string  // a word of the lists less one letter → the words
	sounds    map[string][]string  // the sound key of a word of the lists → the words
	splits    map[[2]string]string // a word written as two ("my self") → the word
	words     map[string]bool      // every whole word of the lists, of any length
}

// addSplit makes the two words a, b, written next to each other, count as
// the one word canonical: people split words the lists name whole ("my
// self", sw "kuji ua").
func (n *normaliser) addSplit(a, b, canonical string) {
	if n.splits == nil {
		n.splits = map[[2]string]string{}
	}
	n.splits[[2]string{a, b}] = canonical
}

// split returns the word a, b written next to each other stand for: a
// listed split word (see addSplit), or a French elided pronoun or article
// written apart from the word it is elided before ("m endormir", "m etrangler")
// when the two make a word of the lists (of five letters or more: a
// short one may be another language's, "n ai" is no Hinglish "nai").
func (n *normaliser) split(a, b string) (string, bool) {
	if w, ok := n.splits[[2]string{a, b}]; ok {
		return w, true
	}
	if len(a) == 1 && strings.IndexByte("jmtsnld", a[0]) >= 0 && len(b) >= 4 && strings.IndexByte("aeiouyh", b[0]) >= 0 && n.words[a+b] {
		return a + b, true
	}
	return "", false
}

// join returns words and langs with every listed split word written as
// one (see addSplit); they are returned as they are when there is none.
// langs may be nil.
func (n *normaliser) join(words, langs []string) ([]string, []string) {
	var ow, ol []string // nil until a pair is joined
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) {
			if w, ok := n.split(words[i], words[i+1]); ok {
				if ow == nil {
					ow = append(make([]string, 0, len(words)), words[:i]...)
					if langs != nil {
						ol = append(make([]string, 0, len(words)), langs[:i]...)
					}
				}
				ow = append(ow, w)
				if langs != nil {
					ol = append(ol, langs[i])
				}
				i++
				continue
			}
		}
		if ow != nil {
			ow = append(ow, words[i])
			if langs != nil {
				ol = append(ol, langs[i])
			}
		}
	}
	if ow == nil {
		return words, langs
	}
	return ow, ol
}

// minFuzzy is the shortest word of the lists a typo is corrected to (the
// typo may be a letter shorter): shorter words are too close to each
// other ("hit", "hot").
const minFuzzy = 6

func (n *normaliser) addSpelling(variant, canonical string) {
	if n.spellings == nil {
		n.spellings = map[string][]string{}
	}
	n.spellings[variant] = append(n.spellings[variant], canonical)
}

// known records w as a whole word of the lists (see words) without
// making it a word typos are corrected to: a word of a class the
// vocabulary check reads ("metrangler").
func (n *normaliser) known(w string) {
	if n.words == nil {
		n.words = map[string]bool{}
	}
	if !strings.ContainsAny(w, "*+") {
		n.words[w] = true
	}
}

// addWord makes w a word typos are corrected to.
func (n *normaliser) addWord(w string) {
	if n.vocab == nil {
		n.vocab, n.deletes = map[string]bool{}, map[string][]string{}
	}
	n.known(w)
	if n.vocab[w] || len(w) < minFuzzy || strings.ContainsAny(w, "*+") {
		return
	}
	n.vocab[w] = true
	if n.sounds == nil {
		n.sounds = map[string][]string{}
	}
	if k := soundKey(w); k != w {
		n.sounds[k] = append(n.sounds[k], w)
	}
	n.deletes[w] = append(n.deletes[w], w)
	for i := range len(w) {
		d := w[:i] + w[i+1:]
		n.deletes[d] = append(n.deletes[d], w)
	}
}

// tokens returns the tokens of folded words; langs, when not nil, holds
// the language of each word's clause (see token).
func (n *normaliser) tokens(words []string, langs []string) []token {
	words, langs = n.join(words, langs)
	toks := make([]token, len(words))
	for i, w := range words {
		if w == "" {
			continue
		}
		forms := make([]string, 1, 4)
		forms[0] = w
		var sw, zu uint64
		from := byte(0) // the analyser adding forms: 's', 'z' or none
		mark := func(i int) {
			if i < 64 {
				switch from {
				case 's':
					sw |= 1 << i
				case 'z':
					zu |= 1 << i
				}
			}
		}
		add := func(f string) {
			for i, g := range forms {
				if g == f {
					if i > 0 && i < 64 && (sw|zu)&(1<<i) != 0 {
						mark(i) // an analysis both analysers give
					}
					return
				}
			}
			forms = append(forms, f)
			if from != 0 {
				mark(len(forms) - 1)
			}
		}
		for _, s := range n.spellings[w] {
			add(s)
		}
		lang := ""
		if langs != nil {
			lang = langs[i]
		}
		if readsEnglish(lang) {
			englishStems(w, add)
			n.undouble(w, add)
		}
		if lang == "hi" {
			add(shortVowels(w)) // Hinglish "kitaab", "maarna" as "kitab", "marna"
		}
		n.correct(w, add)
		if len(w) >= minFuzzy-1 {
			for _, v := range n.sounds[soundKey(w)] {
				add(v)
			}
		}
		if len(w) >= 4 {
			from = 's'
			analyse(swahili, w, add)
			from = 'z'
			analyse(zulu, w, add)
		}
		toks[i].forms, toks[i].lang, toks[i].sw, toks[i].zu = forms, lang, sw, zu
	}
	return toks
}

// correct adds the words of the lists one edit (a letter added or
// dropped, or two neighbours swapped) from w, keeping its first letter, when w is no
// word of the lists itself.
func (n *normaliser) correct(w string, add func(string)) {
	if len(w) < minFuzzy-1 || n.vocab[w] {
		return
	}
	try := func(d string) {
		for _, v := range n.deletes[d] {
			if v[0] == w[0] && oneEdit(w, v) {
				add(v)
			}
		}
	}
	try(w)
	for i := range len(w) {
		try(w[:i] + w[i+1:])
	}
}

// undouble adds the word of the lists that w is with a doubled consonant
// written once ("cutt" → "cut", "hitt" → "hit"): a typo the one-edit
// correction leaves to words of minFuzzy letters. A doubled vowel is no
// such typo ("soon" is not "son").
func (n *normaliser) undouble(w string, add func(string)) {
	for i := 1; i < len(w); i++ {
		if w[i] != w[i-1] || strings.IndexByte("aeiouy", w[i]) >= 0 {
			continue
		}
		if v := w[:i] + w[i+1:]; len(v) >= 3 && n.words[v] {
			add(v)
		}
	}
}

// oneEdit reports whether a and b are one insertion, deletion or swap of
// neighbours apart.
func oneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false
		}
		// A changed letter is not corrected: it turns real words into
		// listed ones ("cooking" → "choking", "putting" → "cutting").
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

// shortVowels writes the long vowels of a romanised Hindi word short
// ("aa" → "a", "ee" → "i", "oo" → "u"): people spell them either way.
func shortVowels(w string) string {
	if !strings.Contains(w, "aa") && !strings.Contains(w, "ee") && !strings.Contains(w, "oo") {
		return w
	}
	return strings.NewReplacer("aa", "a", "ee", "i", "oo", "u").Replace(w)
}

// englishStems adds the bare forms of an English -ing, -ed or -s word:
// "cutting" → "cut", "choked" → "chok", "choke"; "touches" → "touch".
// The other languages' forms are written into their lists with *.
func englishStems(w string, add func(string)) {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		stem, ok := strings.CutSuffix(w, suf)
		if !ok || len(stem) < 3 || strings.HasSuffix(stem, "s") && suf == "s" {
			continue
		}
		add(stem)
		if n := len(stem); stem[n-1] == stem[n-2] && !strings.ContainsRune("aeiouls", rune(stem[n-1])) {
			add(stem[:n-1]) // cutting, stabbed
		}
		if suf == "ing" || suf == "ed" {
			add(stem + "e") // taking, choked
		}
		if suf == "es" || suf == "s" {
			break
		}
	}
}

// soundKey spells a word as it sounds in Spanish and Portuguese (and
// roughly French), where people write by ear: "kiero" for "quiero",
// "suisidarme" for "suicidarme", "bolber" for "volver". Words of the
// lists are found by the key of a word of the message.
func soundKey(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	last := byte(0)
	put := func(c byte) {
		if c != last {
			b.WriteByte(c)
		}
		last = c
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'q' && next == 'u':
			put('k')
			i++
		case c == 'c' && next == 'h':
			put('x')
			i++
		case c == 'c' && (next == 'e' || next == 'i'):
			put('s')
		case c == 'c':
			put('k')
		case c == 'z':
			put('s')
		case c == 'v':
			put('b')
		case c == 'l' && next == 'l':
			put('y')
			i++
		case c == 'h':
			// silent
		default:
			put(c)
		}
	}
	return b.String()
}
