package safety

import "github.com/ddgbot/ddgbot/internal/bantu"

// Verb analyses: Swahili and isiZulu verbs (internal/bantu) are written as
// "[not+]SUBJECT+OBJECT+stem" forms of a word; lists match these forms with
// patterns like "*+self+ua" or "not+3+0+pumu*".
var (
	swahili = bantu.Swahili()
	zulu    = bantu.Zulu()
)

// analyse adds each verb analysis of w, written as a form, with a.
func analyse(a *bantu.Analyser, w string, add func(string)) {
	a.Analyse(w, func(an bantu.Analysis) { add(an.String()) })
}
