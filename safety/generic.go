package safety

import (
	"bufio"
	_ "embed"
	"strings"

	"github.com/ddgbot/ddgbot/phrase"
)

// The classes of a list that the vocabulary check reads (see generic):
// words of harm, violence, death, sexual violence, overdose and emergency
// (@harm), such words that carry their person (@harmself: es "matarme",
// sw "*+self+ua"), and the persons a disclosure is about: the self
// (@me) and the people close to it (@close: a child, a partner, a
// parent). @hurt and @body are older classes of harm and of the body;
// the lookup guard (Risky) reads them too.
const (
	classHarm     = "@harm"
	classHarmSelf = "@harmself"
	classMe       = "@me"
	classClose    = "@close"
	classHurt     = "@hurt"
	classBody     = "@body"
	classDeath    = "@death" // words of a death, which an administrative frame makes a request's subject
	classLife     = "@life"  // living, life: negated, a wish not to live (see refused)
	classNot      = "@not"   // the negations that refuse it
	classSign     = "@sign"  // a sign of a body emergency (turning blue, drooping, on the floor; see signed)
)

// CategoryHarm is the category of a crisis found by the vocabulary check
// rather than a listed entry: a person and a word of harm together.
const CategoryHarm = "harm"

// Frame categories with a meaning of their own (see Detector.cancelled).
const (
	framePast        = "past"        // something over: cancels any hit unless an ongoing frame occurs
	frameOngoing     = "ongoing"     // still, again, every day, tonight
	frameEducational = "educational" // a question about someone in general: cancels any hit unless a personal frame occurs
	framePersonal    = "personal"    // my, me: the question is about the writer's own
	frameFigure      = "figure"      // a thing or a joke that kills ("this heat", "lol"): cancels the vocabulary check
	frameTitle       = "title"       // the name of a work ("song", "film"): cancels topic and unsure hits and the vocabulary check
	frameAdmin       = "admin"       // a request to an office ("certificate", "pension"): words of a death are its subject, not harm
	frameLapse       = "lapse"       // a threat over an everyday lapse or a laugh ("kill me if I'm late"): cancels the threat it holds
	frameLeaving     = "leaving"     // leaving, telling, the police: a threat tied to them is never a lapse
	frameInjury      = "injury"      // harm with no person harming ("a dog bit", "I fell"): cancels the self-harm and harm it holds
)

// framed tells the tokens a lapse or injury frame holds and whether an
// administrative frame occurs, for the vocabulary check and the cancelling
// of the hits those frames hold (see frames.held).
type framed struct {
	lapse, injury []bool // per token
	admin         bool
}

// quiet reports whether the harm word at token i is framed as no harm:
// a word of a threat over a lapse or of an injury no person did, or a
// word of a death in a request to an office.
func (q *framed) quiet(v *vocab, t token, i int) bool {
	if q == nil {
		return false
	}
	return q.lapse != nil && q.lapse[i] || q.injury != nil && q.injury[i] || q.admin && v.death.has(t, v.language)
}

// genericWindow is how many words apart a word of harm and a person may
// be for the vocabulary check to read them together.
const genericWindow = 4

//go:embed vocab/en.txt
var wordnetEnglish string

// wordSet is a set of words and globs ("maar*", "*+me+pig*").
type wordSet struct {
	exact map[string]bool
	globs []glob // of words
	verbs []glob // of verb analyses ("+" in them): tried on analyses only
}

func (s *wordSet) add(g glob) {
	switch {
	case len(g.parts) == 1:
		if s.exact == nil {
			s.exact = map[string]bool{}
		}
		s.exact[g.text] = true
	case strings.Contains(g.text, "+"):
		s.verbs = append(s.verbs, g)
	default:
		s.globs = append(s.globs, g)
	}
}

// has reports whether any form of t that is a form of language's words
// (see token.readBy) is in s.
func (s *wordSet) has(t token, language string) bool {
	for i, f := range t.forms {
		if !t.readBy(i, language) {
			continue
		}
		if s.exact[f] {
			return true
		}
		globs := s.globs
		if strings.Contains(f, "+") {
			globs = s.verbs
		}
		for _, g := range globs {
			if g.match(f) {
				return true
			}
		}
	}
	return false
}

// vocab is the vocabulary check's words of one language.
type vocab struct {
	language              string
	harm, self, me, close wordSet
	hurt, body            wordSet // read by Risky only
	death                 wordSet // words of a death (see framed)
	life, not             wordSet // read by Sensitive only (see refused)
	sign                  wordSet // read by Sensitive only (see signed)
}

// vocabOf returns the vocabulary of language, made on first use.
func (d *Detector) vocabOf(language string) *vocab {
	for _, v := range d.vocabs {
		if v.language == language {
			return v
		}
	}
	v := &vocab{language: language}
	d.vocabs = append(d.vocabs, v)
	return v
}

// classWords records the one-word alternatives of class name when it is a
// class the vocabulary check or the lookup guard reads.
func (l *list) classWords(name string) {
	v := l.d.vocabOf(l.language)
	var to *wordSet
	switch name {
	case classHarm:
		to = &v.harm
	case classHarmSelf:
		to = &v.self
	case classMe:
		to = &v.me
	case classClose:
		to = &v.close
	case classHurt:
		to = &v.hurt
	case classBody:
		to = &v.body
	case classDeath:
		to = &v.death
	case classLife:
		to = &v.life
	case classNot:
		to = &v.not
	case classSign:
		to = &v.sign
	default:
		return
	}
	for _, alt := range l.c.classes[name] {
		if len(alt) == 1 {
			words(alt[0], func(g glob) { // "i am": the words of a phrase say nothing alone
				to.add(g)
				l.d.norm.known(g.text)
			})
		}
	}
}

// words calls fn with the one-word globs of an element and its choices.
func words(e elem, fn func(glob)) {
	if e.word.text != "" {
		fn(e.word)
	}
	for _, a := range e.alts {
		if len(a) == 1 {
			words(a[0], fn)
		}
	}
}

// addWordNet adds the English words of harm and of the body that
// vocab/en.txt (generated from WordNet) lists.
func (d *Detector) addWordNet() {
	v := d.vocabOf("en")
	sc := bufio.NewScanner(strings.NewReader(wordnetEnglish))
	for sc.Scan() {
		word, kind, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.HasPrefix(word, "#") {
			continue
		}
		switch kind {
		case "harm":
			v.harm.add(newGlob(word))
		case "body":
			v.body.add(newGlob(word))
		}
	}
}

// generic is the vocabulary check: a word of harm that carries its person,
// or one within window words of a person (the writer, a child, a
// partner), in the words of one language's classes. It returns that
// language. A harm word q holds quiet (see framed) does not count.
func (d *Detector) generic(toks []token, window int, q *framed) (string, bool) {
	for _, v := range d.vocabs {
		var harm, whom []int
		for i, t := range toks {
			if v.language == "en" && !readsEnglish(t.lang) {
				continue // a word of another language's clause (see token)
			}
			if v.self.has(t, v.language) && !q.quiet(v, t, i) {
				return v.language, true
			}
			if v.harm.has(t, v.language) && !q.quiet(v, t, i) {
				harm = append(harm, i)
			}
			if v.me.has(t, v.language) || v.close.has(t, v.language) {
				whom = append(whom, i)
			}
		}
		if within(harm, whom, window) {
			return v.language, true
		}
	}
	return "", false
}

// within reports whether a position of a is at most window words from
// another position of b.
func within(a, b []int, window int) bool {
	for _, x := range a {
		for _, y := range b {
			if x != y && x-y <= window && y-x <= window {
				return true
			}
		}
	}
	return false
}

// near reports whether toks hold, in the words of one language's
// classes, a word a reads within window words of another word b reads.
func (d *Detector) near(toks []token, window int, a, b func(v *vocab, t token) bool) bool {
	for _, v := range d.vocabs {
		var as, bs []int
		for i, t := range toks {
			if v.language == "en" && !readsEnglish(t.lang) {
				continue // a word of another language's clause (see token)
			}
			if a(v, t) {
				as = append(as, i)
			}
			if b(v, t) {
				bs = append(bs, i)
			}
		}
		if within(as, bs, window) {
			return true
		}
	}
	return false
}

// risky reports whether toks hold a word of harm of any language (of
// @harm, @hurt or WordNet's) with a word of the self or the body (@me,
// @body or WordNet's), or a word of @harmself, anywhere: the lookup
// guard's test of a query. A person close to the writer does not count:
// "child abuse" is a subject one looks up. A word q holds quiet (see
// framed) does not count.
func (d *Detector) risky(toks []token, q *framed) bool {
	harm, whom := false, false
	for i, t := range toks {
		for _, v := range d.vocabs {
			if q.quiet(v, t, i) {
				continue
			}
			if v.self.has(t, v.language) {
				return true
			}
			harm = harm || v.harm.has(t, v.language) || v.hurt.has(t, v.language)
			whom = whom || v.me.has(t, v.language) || v.body.has(t, v.language)
		}
		if harm && whom {
			return true
		}
	}
	return false
}

// refusedWindow is how many words apart a negation and a word of living
// may be for refused to read them together ("i dont see the point in
// living"), and a sign of an emergency and a person for signed ("my
// grandma is on the kitchen floor").
const refusedWindow = 6

// refused reports whether toks negate living, in the words of one
// language's classes: a word of @life within refusedWindow words of a
// word of @not ("no quiero vivir", "sitaki kuishi", "jeena nahi"). It is
// below the check's thresholds (a negated life is often ordinary: "plants
// do not live without light"), but the lookup guard never sends a
// sentence that says it: what the extraction would make of a wish not to
// live is no query.
func (d *Detector) refused(toks []token) bool {
	return d.near(toks, refusedWindow,
		func(v *vocab, t token) bool { return v.life.has(t, v.language) },
		func(v *vocab, t token) bool { return v.not.has(t, v.language) })
}

// signed reports whether toks hold a sign of a body emergency (@sign:
// turning blue, a face drooping, on the floor) within refusedWindow words
// of the writer or someone close, in the words of one language's classes:
// "my dad is on the floor and his face is drooping" names no emergency
// word, and the lookup guard never sends it.
func (d *Detector) signed(toks []token) bool {
	return d.near(toks, refusedWindow,
		func(v *vocab, t token) bool { return v.sign.has(t, v.language) },
		func(v *vocab, t token) bool { return v.me.has(t, v.language) || v.close.has(t, v.language) })
}

// clauses splits a message at sentence ends and at the words that join
// clauses ("and", "but" in the seven languages), so a part that is over
// ("years ago") is told from one that is not.
func clauses(message string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(message, func(r rune) bool {
		return strings.ContainsRune(".?!;,\n¿¡", r)
	}) {
		var cur []string
		for _, w := range strings.Fields(s) {
			if f := phrase.Fold(w); len(f) == 1 && joins[f[0]] {
				out = append(out, strings.Join(cur, " "))
				cur = cur[:0]
				continue
			}
			cur = append(cur, w)
		}
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

// joins are the words that join clauses, in the seven languages; the
// one- and two-letter ones ("y", "e", "et") are left out, as they are
// also parts of phrases (fr "il y a", "years ago").
var joins = map[string]bool{
	"and": true, "but": true, "mas": true, "pero": true, "mais": true,
	"lakini": true, "halafu": true, "kodwa": true, "futhi": true, "aur": true, "lekin": true,
}
