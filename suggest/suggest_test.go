package suggest_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/suggest"
)

// decode returns the answer in a JSON body written by a test.
func decode(t testing.TB, body string) *instant.Answer {
	t.Helper()
	a, err := instant.Decode([]byte(body))
	if err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return &a
}

// Ensure each product rule holds on hand-made and recorded answers.
func TestBuildRules(t *testing.T) {
	defaults := suggest.DefaultOptions()
	tests := []struct {
		name  string
		a     func(testing.TB) *instant.Answer
		query string
		o     suggest.Options
		check func(t *testing.T, got []instant.Suggestion)
	}{
		{
			name:  "ip answer describes our server: dropped",
			a:     body(`{"Answer":"Your IP address is 203.0.113.7 in Frankfurt","AnswerType":"ip"}`),
			query: "what is my ip",
			check: wantNone,
		},
		{
			name:  "iploc answer dropped",
			a:     body(`{"Answer":"Frankfurt, Germany","AnswerType":"iploc"}`),
			query: "where am i",
			check: wantNone,
		},
		{
			name:  "user agent answer dropped",
			a:     body(`{"Answer":"Go-http-client/1.1","AnswerType":"user_agent"}`),
			query: "my user agent",
			check: wantNone,
		},
		{
			name:  "calc answer dropped",
			a:     body(`{"Answer":"","AnswerType":"calc"}`),
			query: "2+2",
			check: wantNone,
		},
		{
			name:  "calc answer with text dropped too",
			a:     body(`{"Answer":"4","AnswerType":"calc"}`),
			query: "2+2",
			check: wantNone,
		},
		{
			name:  "numeric answer kept, titled with the query",
			a:     body(`{"Answer":42,"AnswerType":"conversions"}`),
			query: "six times seven",
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "*six times seven*\n42\nResults from DuckDuckGo")
				if got[0].Confidence != 0.9 {
					t.Errorf("confidence %v, want 0.9", got[0].Confidence)
				}
			},
		},
		{
			name:  "HTML answer made plain",
			a:     body(`{"Heading":"Test","Answer":"<b>Test</b> appears to be spelled right!<br/>Suggestions: test &amp; tests"}`),
			query: "test",
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "*Test*\nTest appears to be spelled right! Suggestions: test & tests\nResults from DuckDuckGo")
			},
		},
		{
			name:  "one-word query on a disambiguation: nothing",
			a:     fixture("disambiguation-cat.json"),
			query: "cat",
			check: wantNone,
		},
		{
			name:  "one-word query with punctuation on a disambiguation: nothing",
			a:     fixture("disambiguation-eur.json"),
			query: "  EUR? ",
			check: wantNone,
		},
		{
			name:  "one-word query ignores the definition of a disambiguation",
			a:     fixture("disambiguation-apple-2011.json"),
			query: "apple",
			check: wantNone,
		},
		{
			name:  "longer query on a disambiguation: one low-confidence question",
			a:     fixture("disambiguation-eur.json"),
			query: "eur to usd",
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "Did you mean: EUR, EUR.1 movement certificate, Erasmus University Rotterdam?")
				if got[0].Confidence != 0.2 {
					t.Errorf("confidence %v, want 0.2", got[0].Confidence)
				}
			},
		},
		{
			name: "did you mean skips category and other-meaning links",
			a: body(`{"Type":"D","RelatedTopics":[
				{"FirstURL":"https://duckduckgo.com/c/Cats","Result":"<a href=\"https://duckduckgo.com/c/Cats\">Cats</a>","Text":"Cats"},
				{"Name":"See also","Topics":[
					{"FirstURL":"https://duckduckgo.com/d/Kitten","Result":"<a href=\"https://duckduckgo.com/d/Kitten\">Kitten Meanings</a>","Text":"Kitten Meanings"},
					{"FirstURL":"https://duckduckgo.com/Felis","Result":"<a href=\"https://duckduckgo.com/Felis\">Felis</a> A genus","Text":"Felis A genus"}]}]}`),
			query: "the cat",
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "Did you mean: Felis?")
			},
		},
		{
			name:  "bang answer: nothing",
			a:     fixture("redirect-bang-w-stephen-fry-2014.json"),
			query: "!w stephen fry",
			check: wantNone,
		},
		{
			name:  "empty answer: nothing",
			a:     fixture("empty-sopel-chat-irc-bot-2023.json"),
			query: "sopel.chat irc bot",
			check: wantNone,
		},
		{
			name:  "zero answer: nothing",
			a:     func(testing.TB) *instant.Answer { return &instant.Answer{} },
			check: wantNone,
		},
		{
			name:  "nil answer: nothing",
			a:     func(testing.TB) *instant.Answer { return nil },
			check: wantNone,
		},
		{
			name:  "Max 1 keeps the best",
			a:     fixture("article-reddit.json"),
			query: "reddit",
			o:     suggest.Options{Max: 1, Attribution: true},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				if got[0].Title != "Reddit" || got[0].Confidence != 0.8 {
					t.Errorf("got %q at %v, want the abstract", got[0].Title, got[0].Confidence)
				}
			},
		},
		{
			name:  "large Max: related topics in decreasing confidence, no categories",
			a:     fixture("article-reddit.json"),
			query: "reddit",
			o:     suggest.Options{Max: 50, Attribution: true},
			check: func(t *testing.T, got []instant.Suggestion) {
				// abstract, official site, 6 article topics; 11 /c/ links skipped
				if len(got) != 8 {
					t.Fatalf("%d suggestions, want 8: %v", len(got), titles(got))
				}
				for _, s := range got {
					if strings.Contains(s.Title, "Category") || strings.Contains(s.Body, "/c/") {
						t.Errorf("category link offered: %q", s.Body)
					}
				}
				if got[len(got)-1].Confidence != 0.28 {
					t.Errorf("last confidence %v, want 0.28", got[len(got)-1].Confidence)
				}
			},
		},
		{
			name:  "MaxChars counts emoji as one character each",
			a:     body(`{"Heading":"Festa 🎉","AbstractText":"🎉🎉 Party time 🥳 with friends 👨‍👩‍👧 and music 🎶 all night long until the sun comes up over the beach 🌅 and everyone goes home happy.","AbstractSource":"Wikipedia","AbstractURL":"https://en.wikipedia.org/wiki/Party"}`),
			query: "party",
			// 31 characters for the text: the cut would fall inside the
			// family emoji (five code points), so it goes back a word.
			o: suggest.Options{MaxChars: 112, Attribution: true},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantLen(t, got[0], 112)
				wantBody(t, got[0], "*Festa 🎉*\n🎉🎉 Party time 🥳 with friends…\nWikipedia: https://en.wikipedia.org/wiki/Party\nResults from DuckDuckGo")
			},
		},
		{
			name:  "MaxChars with Portuguese keeps whole sentences",
			a:     body(`{"Heading":"Futebol","AbstractText":"O futebol é um esporte de equipe jogado entre dois times de onze jogadores. É o esporte mais popular do mundo, praticado em mais de duzentos países.","AbstractSource":"Wikipedia (PT)","AbstractURL":"https://pt.wikipedia.org/wiki/Futebol"}`),
			query: "o que é futebol",
			o:     suggest.Options{MaxChars: 170, Attribution: true},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantLen(t, got[0], 170)
				wantBody(t, got[0], "*Futebol*\nO futebol é um esporte de equipe jogado entre dois times de onze jogadores.\nWikipedia (PT): https://pt.wikipedia.org/wiki/Futebol\nResults from DuckDuckGo")
			},
		},
		{
			name:  "MaxChars with Arabic cuts at a word",
			a:     body(`{"Heading":"القاهرة","AbstractText":"القاهرة هي عاصمة جمهورية مصر العربية وأكبر مدنها، وتعد أكبر مدينة عربية من حيث تعداد السكان والمساحة","AbstractSource":"Wikipedia (AR)","AbstractURL":"https://ar.wikipedia.org/wiki/القاهرة"}`),
			query: "ما هي القاهرة",
			o:     suggest.Options{MaxChars: 120, Attribution: true},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantLen(t, got[0], 120)
				wantBody(t, got[0], "*القاهرة*\nالقاهرة هي عاصمة جمهورية مصر…\nWikipedia (AR): https://ar.wikipedia.org/wiki/القاهرة\nResults from DuckDuckGo")
			},
		},
		{
			name:  "MaxChars too small for the attribution: nothing rather than no attribution",
			a:     fixture("article-reddit.json"),
			query: "reddit",
			o:     suggest.Options{MaxChars: 40, Attribution: true},
			check: wantNone,
		},
		{
			name:  "MaxChars above WhatsApp's limit is capped",
			a:     body(`{"Heading":"Long","AbstractText":"` + strings.Repeat("word ", 2000) + `"}`),
			query: "long",
			o:     suggest.Options{MaxChars: 100000},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantLen(t, got[0], 4096)
			},
		},
		{
			name:  "Attribution off: no source lines, official link kept",
			a:     fixture("article-reddit.json"),
			query: "reddit",
			o:     suggest.Options{Max: 3},
			check: func(t *testing.T, got []instant.Suggestion) {
				if len(got) != 3 {
					t.Fatalf("%d suggestions, want 3", len(got))
				}
				for _, s := range got {
					if strings.Contains(s.Body, "DuckDuckGo") || strings.Contains(s.Body, "Wikipedia:") {
						t.Errorf("attribution in %q", s.Body)
					}
				}
				wantBody(t, got[1], "*Reddit: Official site*\nhttps://www.reddit.com/")
			},
		},
		{
			name:  "sentence boundary: cut after a sentence, not after an initial",
			a:     body(`{"Heading":"JFK","AbstractText":"John F. Kennedy served in the U.S. Navy during the war. He was elected in 1960. He was the youngest man elected to the office and served until his death."}`),
			query: "jfk",
			o:     suggest.Options{MaxChars: 100},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "*JFK*\nJohn F. Kennedy served in the U.S. Navy during the war. He was elected in 1960.")
			},
		},
		{
			name:  "no sentence fits: word boundary and ellipsis",
			a:     body(`{"Heading":"Malaria","AbstractText":"Malaria is a mosquito-borne infectious disease that affects vertebrates, and Plasmodium parasites transmit it."}`),
			query: "malaria",
			o:     suggest.Options{MaxChars: 60},
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "*Malaria*\nMalaria is a mosquito-borne infectious disease…")
			},
		},
		{
			name:  "markdown characters from the source do not format",
			a:     body(`{"Heading":"C*-algebra","AbstractText":"A *C*-algebra* is a _Banach_ algebra; ~1943 by ` + "`Gelfand`" + `.\n\n\nIt has an involution.","AbstractSource":"Wikipedia","AbstractURL":"https://en.wikipedia.org/wiki/C*-algebra"}`),
			query: "c* algebra",
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "*C∗-algebra*\nA ∗C∗-algebra∗ is a ＿Banach＿ algebra; ∼1943 by ˋGelfandˋ. It has an involution.\nWikipedia: https://en.wikipedia.org/wiki/C%2A-algebra\nResults from DuckDuckGo")
			},
		},
		{
			name: "related topics: anchor text is the title, entities decoded, duplicates dropped",
			a: body(`{"Heading":"Tea","AbstractText":"Tea is a drink.","RelatedTopics":[
				{"FirstURL":"https://duckduckgo.com/Green_tea","Result":"<a href=\"https://duckduckgo.com/Green_tea\">Green <i>tea</i></a> - Tea made from leaves&nbsp;that are not oxidised &amp; dried.","Text":"Green tea - Tea made from leaves&nbsp;that are not oxidised &amp; dried."},
				{"FirstURL":"https://duckduckgo.com/Green_tea","Result":"<a href=\"https://duckduckgo.com/Green_tea\">Green tea</a> - Tea made from leaves that are not oxidised & dried.","Text":"Green tea - Tea made from leaves that are not oxidised & dried."},
				{"FirstURL":"https://duckduckgo.com/c/Teas","Result":"<a href=\"https://duckduckgo.com/c/Teas\">Teas</a>","Text":"Teas"},
				{"FirstURL":"https://duckduckgo.com/Chai","Result":"<a href=\"https://duckduckgo.com/Chai\">Chai</a>","Text":"Chai"}]}`),
			query: "tea",
			o:     suggest.Options{Max: 10, Attribution: true},
			check: func(t *testing.T, got []instant.Suggestion) {
				if len(got) != 2 {
					t.Fatalf("%d suggestions, want abstract and green tea: %v", len(got), titles(got))
				}
				wantBody(t, got[1], "*Green tea*\nTea made from leaves that are not oxidised & dried.\nhttps://duckduckgo.com/Green_tea\nResults from DuckDuckGo")
			},
		},
		{
			name:  "order: answer, abstract, definition",
			a:     body(`{"Heading":"Pi","Answer":"3.14159","AbstractText":"Pi is a constant.","AbstractURL":"https://en.wikipedia.org/wiki/Pi","AbstractSource":"Wikipedia","Definition":"pi - The ratio of a circle's circumference to its diameter.","DefinitionSource":"Wordnik","DefinitionURL":"https://www.wordnik.com/words/pi"}`),
			query: "pi",
			check: func(t *testing.T, got []instant.Suggestion) {
				if len(got) != 3 {
					t.Fatalf("%d suggestions, want 3", len(got))
				}
				for i, want := range []float64{0.9, 0.8, 0.6} {
					if got[i].Confidence != want {
						t.Errorf("suggestion %d: confidence %v, want %v", i, got[i].Confidence, want)
					}
				}
				wantBody(t, got[2], "*Pi*\nThe ratio of a circle's circumference to its diameter.\nWordnik: https://www.wordnik.com/words/pi\nResults from DuckDuckGo")
			},
		},
		{
			name: "invalid UTF-8 from upstream is dropped, not shown as U+FFFD",
			// § stands for a byte that is not UTF-8 (é in Latin-1).
			a: body(strings.ReplaceAll(`{"Heading":"Caf§ Tacvba","AbstractText":"Caf§ Tacvba is a band from M§xico.",
				"AbstractSource":"Wiki\ufffdpedia","AbstractURL":"https://en.wikipedia.org/wiki/Caf§",
				"RelatedTopics":[{"FirstURL":"https://duckduckgo.com/Rock_en_espa%C3%B1ol",
					"Result":"<a href=\"https://duckduckgo.com/Rock_en_espa%C3%B1ol\">Rock en espa§ol</a> A genre.","Text":"Rock en espa§ol A genre."}]}`, "§", "\xe9")),
			query: "cafe tacvba",
			check: func(t *testing.T, got []instant.Suggestion) {
				if len(got) != 2 {
					t.Fatalf("%d suggestions, want the abstract and a topic: %v", len(got), titles(got))
				}
				if got[0].Title != "Caf Tacvba" || got[1].Title != "Rock en espaol" {
					t.Errorf("titles %q", titles(got))
				}
				// The abstract link lost a byte: it would lead elsewhere.
				wantBody(t, got[0], "*Caf Tacvba*\nCaf Tacvba is a band from Mxico.\nResults from DuckDuckGo")
				wantBody(t, got[1], "*Rock en espaol*\nA genre.\nhttps://duckduckgo.com/Rock_en_espa%C3%B1ol\nResults from DuckDuckGo")
			},
		},
		{
			name: "links with a user part are refused",
			a: body(`{"Heading":"Login","AbstractText":"How to log in.","AbstractSource":"Wikipedia","AbstractURL":"https://en.wikipedia.org@evil.example/login",
				"Results":[{"FirstURL":"https://www.wikipedia.org:pw@evil.example/","Result":"<a href=\"https://www.wikipedia.org:pw@evil.example/\">Official site</a>","Text":"Official site"}]}`),
			query: "login",
			check: func(t *testing.T, got []instant.Suggestion) {
				one(t, got)
				wantBody(t, got[0], "*Login*\nHow to log in.\nResults from DuckDuckGo")
			},
		},
		{
			name:  "meaning list sent as an article is a disambiguation",
			a:     fixture("article-typescript.json"),
			query: "typescript",
			check: wantNone,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			if o == (suggest.Options{}) {
				o = defaults
			}
			got := suggest.Build(tt.a(t), tt.query, o)
			checkInvariants(t, got, o)
			tt.check(t, got)
		})
	}
}

// Ensure Build does not keep or change anything between calls.
func TestBuildPure(t *testing.T) {
	a := load(t, "article-reddit.json")
	before := *a
	first := suggest.Build(a, "reddit", suggest.DefaultOptions())
	second := suggest.Build(a, "reddit", suggest.DefaultOptions())
	if len(first) != len(second) {
		t.Fatalf("second call gave %d suggestions, first %d", len(second), len(first))
	}
	for i := range first {
		if first[i] != second[i] {
			t.Errorf("suggestion %d differs between calls", i)
		}
	}
	if a.Heading != before.Heading || len(a.RelatedTopics) != len(before.RelatedTopics) {
		t.Error("Build changed its answer")
	}
}

func BenchmarkBuild(b *testing.B) {
	a := load(b, "article-reddit.json")
	o := suggest.DefaultOptions()
	b.ReportAllocs()
	for b.Loop() {
		suggest.Build(a, "reddit", o)
	}
}

func body(body string) func(testing.TB) *instant.Answer {
	return func(t testing.TB) *instant.Answer { return decode(t, body) }
}

func fixture(name string) func(testing.TB) *instant.Answer {
	return func(t testing.TB) *instant.Answer { return load(t, name) }
}

func wantNone(t *testing.T, got []instant.Suggestion) {
	t.Helper()
	if len(got) != 0 {
		t.Errorf("got %d suggestions, want none: %v", len(got), titles(got))
	}
}

func one(t *testing.T, got []instant.Suggestion) {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("got %d suggestions, want 1: %v", len(got), titles(got))
	}
}

func wantBody(t *testing.T, s instant.Suggestion, want string) {
	t.Helper()
	if s.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", s.Body, want)
	}
}

func wantLen(t *testing.T, s instant.Suggestion, maxChars int) {
	t.Helper()
	if n := utf8.RuneCountInString(s.Body); n > maxChars {
		t.Errorf("body has %d characters, want at most %d", n, maxChars)
	}
}

func titles(got []instant.Suggestion) []string {
	var ts []string
	for _, s := range got {
		ts = append(ts, s.Title)
	}
	return ts
}
