package query

import (
	"slices"
	"strings"
	"testing"
)

func keysOfString(kind keyKind, w string) []string {
	var ks keySet
	keysOf(kind, w, &ks)
	return ks.keys
}

// meet reports whether two words share a key.
func meet(kind keyKind, a, b string) bool {
	kb := keysOfString(kind, b)
	return slices.ContainsFunc(keysOfString(kind, a), func(k string) bool { return slices.Contains(kb, k) })
}

// Ensure the spellings that the romanisation conventions of Hinglish and
// the noun classes of Swahili and isiZulu write differently share a key,
// and that different words, or a verb and a noun of one stem, do not.
func TestVariantKeysMeet(t *testing.T) {
	tests := []struct {
		name string
		kind keyKind
		a, b string
		want bool
	}{
		{"hi long vowel doubled", hinglishKind, "bukhaar", "bukhar", true},
		{"hi ee is i", hinglishKind, "peeliya", "piliya", true},
		{"hi oo is u", hinglishKind, "khoon", "khun", true},
		{"hi w is v", hinglishKind, "lakwa", "lakva", true},
		{"hi z is j", hinglishKind, "zukam", "jukaam", true},
		{"hi ph is f", hinglishKind, "phephda", "fefda", true},
		{"hi q is k", hinglishKind, "tapediq", "tapedik", true},
		{"hi aspirate h dropped", hinglishKind, "dhadkan", "dadkan", true},
		{"hi doubled consonant", hinglishKind, "patthri", "pathri", true},
		{"hi chh is ch", hinglishKind, "chhoti", "choti", true},
		{"hi final a", hinglishKind, "patra", "patr", true},
		{"hi ou is au", hinglishKind, "doura", "daura", true},
		{"hi oblique -e", hinglishKind, "peeliye", "piliya", true},
		{"hi plural -e", hinglishKind, "teeke", "tika", true},
		{"hi iy before a vowel", hinglishKind, "gathiya", "gathia", true},
		{"hi nasal n written or not", hinglishKind, "khansi", "khaasi", true},
		{"hi different words", hinglishKind, "khansi", "khujli", false},
		{"hi vowels kept apart", hinglishKind, "dast", "dost", false},
		{"sw ki- vi-", swahiliKind, "vidonda", "kidonda", true},
		{"sw ch- vy-", swahiliKind, "vyeti", "cheti", true},
		{"sw m- mi-", swahiliKind, "mikanda", "mkanda", true},
		{"sw m- wa-", swahiliKind, "watoto", "mtoto", true},
		{"sw ji- ma-", swahiliKind, "jiwe", "mawe", true},
		{"sw possessive concords", swahiliKind, "cha", "vya", true},
		{"sw possessive concords", swahiliKind, "la", "ya", true},
		{"sw locative -ni", swahiliKind, "hospitalini", "hospitali", true},
		{"sw different nouns", swahiliKind, "kidonda", "kisima", false},
		{"sw no prefix inside", swahiliKind, "mimba", "kimba", false},
		{"zu augment", zuluKind, "isifo", "sifo", true},
		{"zu na- merged", zuluKind, "nesifo", "isifo", true},
		{"zu subject and na-", zuluKind, "unesifo", "isifo", true},
		{"zu relative, subject and na-", zuluKind, "abanoshukela", "ushukela", true},
		{"zu na- before u-", zuluKind, "nomkhuhlane", "umkhuhlane", true},
		{"zu possessive", zuluKind, "sofuba", "ofuba", true},
		{"zu possessive of a plural", zuluKind, "zomdlavuza", "umdlavuza", true},
		{"zu isi- izi-", zuluKind, "izilonda", "isilonda", true},
		{"zu i- ama-", zuluKind, "amakhondomu", "ikhondomu", true},
		{"zu um- imi-", zuluKind, "imigomo", "umgomo", true},
		{"zu copulative yi-", zuluKind, "yisilonda", "isilonda", true},
		{"zu locative", zuluKind, "esiswini", "isisu", true},
		{"zu a verb is no noun", zuluKind, "ngikhulelwe", "ukukhulelwa", false},
		{"zu different nouns", zuluKind, "isifo", "isifuba", false},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.a+" "+tt.b, func(t *testing.T) {
			if got := meet(tt.kind, tt.a, tt.b); got != tt.want {
				t.Errorf("%q and %q share a key: %v, want %v (keys %q, %q)", tt.a, tt.b, got, tt.want,
					keysOfString(tt.kind, tt.a), keysOfString(tt.kind, tt.b))
			}
		})
	}
}

// Ensure a Swahili or isiZulu verb shares a key with the infinitive of a
// list's term whatever its subject, tense and object, and isiZulu's
// perfect too; that a negated verb meets only a negated infinitive; and
// that a term's noun is never read as a verb.
func TestVerbKeysMeetTerms(t *testing.T) {
	tests := []struct {
		kind          keyKind
		message, term string
		want          bool
	}{
		{swahiliKind, "tulitapika", "kutapika", true},
		{swahiliKind, "watatapika", "kutapika", true},
		{swahiliKind, "walivimbiwa", "kuvimbiwa", true},
		{swahiliKind, "nimeungua", "kuungua", true},
		{swahiliKind, "inanitetemeka", "kutetemeka", true},
		{swahiliKind, "hawatapiki", "kutapika", false},
		{swahiliKind, "anaimba", "mimba", false},
		{zuluKind, "bayakhwehlela", "ukukhwehlela", true},
		{zuluKind, "sizogabha", "ukugabha", true},
		{zuluKind, "uqunjelwe", "ukuqunjelwa", true},
		{zuluKind, "sikhathele", "ukukhathala", true},
		{zuluKind, "uthelelekile", "ukutheleleka", true},
		{zuluKind, "awulali", "ukungalali", true},
		{zuluKind, "akagabhi", "ukugabha", false},
		{zuluKind, "ulala", "ukungalali", false},
		{zuluKind, "bazozibulala", "ukuzibulala", true},
		{zuluKind, "uyangibulala", "ukuzibulala", false},
		{swahiliKind, "linaniua", "kujiua", false},
	}
	for _, tt := range tests {
		t.Run(tt.message+" "+tt.term, func(t *testing.T) {
			var m, term keySet
			keysOf(tt.kind, tt.message, &m)
			termKeysOf(tt.kind, tt.term, &term)
			if got := m.has(term.keys); got != tt.want {
				t.Errorf("%q meets %q: %v, want %v (keys %q, %q)", tt.message, tt.term, got, tt.want, m.keys, term.keys)
			}
		})
	}
}

// Ensure a key set keeps its keys distinct and drops keys beyond
// maxKeys.
func TestKeySetRoom(t *testing.T) {
	var ks keySet
	ks.add("abc", "")
	ks.add("ab", "c")
	if len(ks.keys) != 1 {
		t.Fatalf("a key added twice: %q", ks.keys)
	}
	long := strings.Repeat("x", 100)
	for i := range 2 * maxKeys {
		ks.add(long, strings.Repeat("y", i))
	}
	if len(ks.keys) > maxKeys {
		t.Fatalf("%d keys", len(ks.keys))
	}
	for i, k := range ks.keys {
		if len(k) == 0 {
			t.Errorf("key %d empty", i)
		}
	}
}

// Ensure messages that write a listed term in another form are read as
// the term: Hinglish spellings, Swahili and isiZulu plurals, particles and
// locatives, a term written as one word, one word of a term one edit off.
// A message of English words is not read through these keys.
func TestVariantTerms(t *testing.T) {
	e := New(nil)
	tests := []struct{ name, text, want string }{
		{"hi doubled vowel", "mere papa ko piliyaa ho gaya hai, kya khana chahiye", "jaundice"},
		{"hi q and dropped h", "tapediq ka ilaj kahan hota hai", "tuberculosis"},
		{"hi two words as one", "mujhe roz sirdard hota hai kya karu", "headache"},
		{"sw plural with its concord", "vyeti vya kuzaliwa vinapatikana wapi", "birth certificate"},
		{"sw singular of a listed plural", "je kidonda cha tumbo kinatibika?", "stomach ulcer"},
		{"sw typo in a term of several words", "dalili za mshituko wa moyo", "heart attack"},
		{"zu na- and a subject", "ubaba unesifo sofuba, kuyathelelana yini?", "tuberculosis"},
		{"zu plural", "amakhondomu amahhala atholakala kuphi?", "condom"},
		{"zu locative", "ngiphethwe yisilonda esiswini", "stomach ulcer"},
		{"zu without a listed word", "itshe lezinso liyelapheka?", "kidney stones"},
		{"pt typo in a term of several words", "como tirar a certidão de nacimento do meu filho?", "birth certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.Candidates(tt.text)
			if len(c) == 0 || c[0].Query != tt.want {
				t.Errorf("Candidates(%q) = %v, want %q first", tt.text, c, tt.want)
			}
		})
	}
	for _, tt := range []struct{ name, text, not string }{
		{"en word under a Hinglish key", "what is a dam", "asthma"},
		{"en word under a Hinglish key", "how do i remove a tick", "vaccine"},
		{"en word under a Hinglish key", "the mata hari story", "chickenpox"},
		{"sw word that only starts like a class 6 plural", "mpesa ni nini na inafanyaje kazi", "housing"},
		{"zu word alone one letter off a term", "ngifuna ukunikela ngegazi, ngiyaphi?", "irrigation"},
	} {
		for _, c := range e.Candidates(tt.text) {
			if c.Query == tt.not {
				t.Errorf("%s: Candidates(%q) has %q", tt.name, tt.text, c.Query)
			}
		}
	}
}

// FuzzVariantKeys: the keys of any word are found without panicking,
// fit their set, are never empty, and are the same on every call.
func FuzzVariantKeys(f *testing.F) {
	for _, w := range []string{"unesifo", "esiswini", "vyeti", "bukhaar", "a", "", "ngi", "zzzzzz", "ooooooo", "ee-"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		for _, kind := range []keyKind{hinglishKind, swahiliKind, zuluKind, romanceKind} {
			a, b := keysOfString(kind, w), keysOfString(kind, w)
			if !slices.Equal(a, b) {
				t.Fatalf("keys of %q differ: %q, %q", w, a, b)
			}
			if len(a) > maxKeys {
				t.Fatalf("%d keys of %q", len(a), w)
			}
			for _, k := range a {
				if k == "" && w != "" && kind != hinglishKind {
					t.Errorf("empty key of %q (kind %d)", w, kind)
				}
			}
		}
	})
}
