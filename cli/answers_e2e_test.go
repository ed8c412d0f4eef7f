package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/safety"
)

const e2eAnswers = `answers:
  - id: referral
    title: Talk to someone now
    body: "You are not alone. Call our free 24-hour line: 0800 000 000."
  - id: reddit-policy
    title: Our Reddit community
    match: [reddit]
    body: Our moderated community is r/example; never share your health details there.
  - id: clinic-hours
    title: Clinic opening hours
    match: [clinic hours]
    body: Monday to Friday, 8:00 to 17:00.
  - id: asthma
    title: Our asthma clinic
    match: [asthma]
    body: Our asthma clinic is open every Wednesday; bring the child's inhaler.
`

// writeAnswers writes an answers file the way editors do (write, then
// rename) and returns its path.
func writeAnswers(t *testing.T, path, content string) string {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// pollCard sends a poll and returns the suggestions and the context card.
func (s *service) pollCard(t *testing.T, text string) ([]suggestion, map[string]string) {
	t.Helper()
	code, sugg, raw := s.post(t, pollBody(text))
	if code != http.StatusOK {
		t.Fatalf("poll %q: %d %s", text, code, raw)
	}
	var out struct {
		Context map[string]map[string]string `json:"context_objects"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatal(err)
	}
	return sugg, out.Context["ddgbot_lookup"]
}

// metric returns the value of series (a counter or gauge, labels
// included), 0 when the service does not have it. It asks /metrics for
// that series' family alone: the whole page costs about 11ms of CPU to
// write under the race detector, and tests poll this.
func (s *service) metric(t *testing.T, series string) float64 {
	t.Helper()
	family, _, _ := strings.Cut(series, "{")
	return metricIn(s.metrics(t, family), series)
}

// metricIn returns the value of series on the metrics page page, 0 when
// the page lacks it.
func metricIn(page, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(page)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// Ensure a crisis message in each language is never looked up and gets
// only the configured referral, with the crisis outcome on the card and in
// the metrics, and no message text in the logs.
func TestEndToEndCrisis(t *testing.T) {
	t.Parallel()
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), e2eAnswers)
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_SAFETY_CRISIS_ANSWER=referral",
		"DDGBOT_TURN_CONTEXT_CARD=true", "DDGBOT_LOG_LEVEL=info")
	// One message of every kind in every language, worded as people write
	// (typos, no punctuation, the disclosure after an ordinary question).
	messages := []struct{ lang, kind, text string }{
		{"en", "suicidal", "I want to kill myself, what is reddit"},
		{"en", "indirect", "i keep hoping i just dont wake up tomorrow"},
		{"en", "self-harm", "started cutting myself again after school"},
		{"en", "sexual-abuse", "my moms boyfriend touched me while she was at work and said its our secret"},
		{"en", "child-abuse", "our neighbour whips her kids with a cable every night"},
		{"en", "partner-violence", "what is legal aid? my husband punched me and took my passport"},
		{"en", "medical", "my grandpa fell and is unconscious, not breathing properly"},
		{"pt", "suicidal", "quero me matar"},
		{"pt", "indirect", "guardei uma cartela de remedio pra tomar tudo de uma vez"},
		{"pt", "self-harm", "tenho me cortado nos bracos com gilete"},
		{"pt", "sexual-abuse", "o tio da minha amiga me tocou e disse que é nosso segredo"},
		{"pt", "child-abuse", "meu padrasto me bate com cinto todo dia"},
		{"pt", "partner-violence", "meu namorado me enforcou ontem"},
		{"pt", "medical", "minha filha engoliu agua sanitaria"},
		{"es", "suicidal", "ya no quiero vivir, me quiero matar"},
		{"es", "indirect", "cuantas pastillas de paracetamol hacen falta para morir"},
		{"es", "self-harm", "otra vez me corte las munecas"},
		{"es", "sexual-abuse", "mi primo me obliga a quitarme la ropa"},
		{"es", "child-abuse", "mi mamá me pega con el cable todos los dias"},
		{"es", "partner-violence", "mi esposo me pega todos los días"},
		{"es", "medical", "mi papá no respira"},
		{"fr", "suicidal", "je veux mourir ce soir"},
		{"fr", "indirect", "je garde tous mes medicaments pour en finir"},
		{"fr", "self-harm", "je me scarifie les bras depuis un mois"},
		{"fr", "sexual-abuse", "mon oncle me touche quand mes parents sortent"},
		{"fr", "child-abuse", "mon père me frappe avec sa ceinture tous les jours"},
		{"fr", "partner-violence", "mon mari me bat et me menace avec un couteau"},
		{"fr", "medical", "mon bébé ne respire plus"},
		{"sw", "suicidal", "nataka kujiua"},
		{"sw", "indirect", "sitaki kuishi tena mimi ni mzigo kwa wote"},
		{"sw", "self-harm", "nimejikata mkono tena kwa wembe"},
		{"sw", "sexual-abuse", "mjomba alinishika sehemu za siri usiku"},
		{"sw", "child-abuse", "mama wa kambo ananipiga kila siku kwa fimbo"},
		{"sw", "partner-violence", "mume wangu alinipiga na kunikaba koo"},
		{"sw", "medical", "mtoto amemeza sumu ya panya"},
		{"zu", "suicidal", "ngifuna ukuzibulala"},
		{"zu", "indirect", "angisafuni ukuphila ngingumthwalo emndenini"},
		{"zu", "self-harm", "ngiyazisika njalo ebusuku"},
		{"zu", "sexual-abuse", "ubaba wokutholwa uyangithinta ezindaweni zami zangasese"},
		{"zu", "child-abuse", "umama uyangishaya ngebhande nsuku zonke"},
		{"zu", "partner-violence", "umyeni wami uthe uzongigwaza ngommese"},
		{"zu", "medical", "ingane iphuze ubhilishi"},
		{"hi", "suicidal", "main marna chahta hoon"},
		{"hi", "indirect", "maine neend ki goliyan jama ki hain"},
		{"hi", "self-harm", "maine khud ko blade se kaata"},
		{"hi", "sexual-abuse", "tuition wale sir galat jagah chhute hain"},
		{"hi", "child-abuse", "papa mujhe roz belt se maarte hain"},
		{"hi", "partner-violence", "pati ne mera gala dabaya"},
		{"hi", "medical", "dada ji behosh hain saans nahi le rahe"},
		// who + act + whom, farewells and control, with no harm word
		{"en", "sexual-abuse", "what is reddit? my stepdad comes into my room when mum is at work and touches me"},
		{"en", "indirect", "thanks for everything. this is my last message, look after my dog"},
		{"en", "partner-violence", "he smashed my phone and says he will finish me"},
		{"pt", "sexual-abuse", "meu padrasto entra no meu quarto de noite e tira minha roupa"},
		{"pt", "indirect", "cuidem da minha filha, essa é minha última mensagem"},
		{"pt", "partner-violence", "meu namorado pegou meu celular e disse que vai acabar comigo"},
		{"es", "sexual-abuse", "mi tío entra a mi cuarto cuando todos duermen y me toca"},
		{"es", "indirect", "gracias por todo, ya no sabrán de mí. cuiden a mi hermano"},
		{"es", "partner-violence", "mi marido se lleva mis documentos y dice que me va a enterrar"},
		{"fr", "sexual-abuse", "le copain de ma mère vient dans ma chambre quand elle travaille et me touche"},
		{"fr", "indirect", "c'est mon dernier message, prends soin de ma soeur"},
		{"fr", "partner-violence", "mon mari cache mes papiers et dit qu'il va me tuer"},
		{"sw", "sexual-abuse", "baba wa kambo anaingia chumbani kwangu usiku na kunishika"},
		{"sw", "indirect", "huu ni ujumbe wa mwisho, mtunzeni mama yangu"},
		{"sw", "partner-violence", "mpenzi wangu alichukua simu yangu na ananitishia kunimaliza"},
		{"zu", "sexual-abuse", "umalume ungena ekamelweni lami ebusuku angithinte"},
		{"zu", "indirect", "umlayezo wami wokugcina lona, nakekelani ugogo"},
		{"zu", "partner-violence", "umyeni wami uthatha imali yami athi uzongibulala"},
		{"hi", "sexual-abuse", "chacha raat ko mere room mein aate hain aur galat jagah chhoote hain"},
		{"hi", "indirect", "ye mera akhri message hai, meri behen ka khayal rakhna"},
		{"hi", "partner-violence", "pati mera phone chheen leta hai aur kehta hai jaan se maar dunga"},
		// a threat tied to leaving or telling, sex under a threat, a recent attempt
		{"en", "partner-violence", "if i go to the police he says he will kill me"},
		{"es", "partner-violence", "mi novio me dijo que si lo denuncio me mata"},
		{"pt", "sexual-abuse", "o professor disse que me reprova se eu não ficar com ele"},
		{"fr", "partner-violence", "mon mari va me tuer si je porte plainte"},
		{"sw", "suicidal", "dada yangu alijaribu kujinyonga leo asubuhi"},
		{"zu", "partner-violence", "uthi uma ngimshiya uzongibulala"},
		{"hi", "sexual-abuse", "manager kehta hai uske saath nahi soyi to naukri se nikal dega"},
		// a word of the lists written as two, a consonant doubled by a slip
		{"en", "self-harm", "im gonna cutt my self agen tonight"},
		{"sw", "suicidal", "nataka kuji ua usiku huu"},
		{"zu", "suicidal", "ngifuna ukuzi bulala"},
		{"hi", "suicidal", "aaj raat khud kushi kar lunga"},
		// an elided pronoun written apart
		{"fr", "suicidal", "je vais m étrangler avec une corde"},
	}
	for _, m := range messages {
		before := s.fake.Requests()
		sugg, card := s.pollCard(t, m.text)
		if len(sugg) == 0 || sugg[0].Title != "Talk to someone now" || sugg[0].Confidence != 1 {
			t.Errorf("%s %s: suggestions %+v", m.lang, m.kind, sugg)
		}
		if card["Outcome"] != "crisis" || card["Own answer"] != "referral" || card["Crisis"] == "" || card["Crisis tier"] == "" {
			t.Errorf("%s %s: card %v", m.lang, m.kind, card)
		}
		if s.fake.Requests() != before {
			t.Errorf("%s %s: %d upstream requests for a crisis message", m.lang, m.kind, s.fake.Requests()-before)
		}
	}
	var total float64
	page := s.metrics(t)
	for _, c := range []string{"suicidal", "self-harm", "sexual-abuse", "child-abuse", "partner-violence", "medical"} {
		for _, lang := range safety.Languages() {
			for _, tier := range []string{safety.TierCertain, safety.TierUnsure} {
				total += metricIn(page, fmt.Sprintf(`ddgbot_crisis_messages_total{category=%q,language=%q,tier=%q}`, c, lang, tier))
			}
		}
	}
	if total != float64(len(messages)) {
		t.Errorf("crisis metric counted %v, want %d", total, len(messages))
	}
	// A near-miss is an ordinary question.
	if sugg, card := s.pollCard(t, "this heat is killing me. what is reddit?"); card["Outcome"] == "crisis" || len(sugg) == 0 {
		t.Errorf("near-miss: card %v, %d suggestions", card, len(sugg))
	}
	for _, m := range messages {
		if strings.Contains(s.logs.String(), m.text) {
			t.Fatalf("message text logged: %q", m.text)
		}
	}
}

// Ensure an unsure crisis message gets the referral first, and an
// unrelated question in another sentence its own suggestions after it,
// with nothing of the risky sentence sent upstream.
func TestEndToEndUnsureCrisis(t *testing.T) {
	t.Parallel()
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), e2eAnswers)
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_SAFETY_CRISIS_ANSWER=referral",
		"DDGBOT_TURN_CONTEXT_CARD=true", "DDGBOT_SUGGESTIONS_MAX=3")
	sugg, card := s.pollCard(t, "honestly i feel suicidal lately. what is reddit?")
	if len(sugg) < 2 || sugg[0].Title != "Talk to someone now" || card["Crisis tier"] != "unsure" || !strings.EqualFold(card["Looked up"], "reddit") {
		t.Fatalf("suggestions %+v, card %v", sugg, card)
	}
	if n := s.fake.Requests(); n != 1 {
		t.Fatalf("%d upstream requests, want the unrelated question's one", n)
	}
}

// Ensure without a crisis answer a crisis message gets nothing, still
// without a lookup.
func TestEndToEndCrisisWithoutReferral(t *testing.T) {
	t.Parallel()
	s := start(t, "DDGBOT_TURN_CONTEXT_CARD=true")
	sugg, card := s.pollCard(t, "I want to kill myself")
	if len(sugg) != 0 || card["Outcome"] != "crisis" || s.fake.Requests() != 0 {
		t.Fatalf("suggestions %+v, card %v, %d upstream requests", sugg, card, s.fake.Requests())
	}
}

// Ensure an own answer is the first suggestion, with DuckDuckGo's after it
// up to suggestions.max, and is found despite a typo once the query rules
// correct spelling.
func TestEndToEndOwnAnswerFirst(t *testing.T) {
	t.Parallel()
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), e2eAnswers)
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_TURN_CONTEXT_CARD=true", "DDGBOT_SUGGESTIONS_MAX=3")
	sugg, card := s.pollCard(t, "Hi, can you tell me about Reddit please?")
	if len(sugg) != 3 || sugg[0].Title != "Our Reddit community" || sugg[0].Confidence != 1 ||
		!strings.Contains(sugg[1].Body, "Results from DuckDuckGo") || sugg[1].Confidence >= 1 {
		t.Fatalf("suggestions %+v", sugg)
	}
	if card["Own answer"] != "reddit-policy" || card["Matched"] != "reddit" || !strings.EqualFold(card["Looked up"], "reddit") {
		t.Fatalf("card %v", card)
	}

	t.Run("typo", func(t *testing.T) {
		// The query rules correct "astma" to "asthma"; the entry lists
		// only the right spelling.
		sugg, card := s.pollCard(t, "my son has astma, what do we do")
		if len(sugg) == 0 || sugg[0].Title != "Our asthma clinic" || card["Matched"] != "asthma" {
			t.Fatalf("suggestions %+v, card %v", sugg, card)
		}
	})
}

// Ensure blocked topics and disallowed sources are never offered.
func TestEndToEndRules(t *testing.T) {
	t.Parallel()
	t.Run("blocked topic", func(t *testing.T) {
		s := start(t, "DDGBOT_SAFETY_BLOCK_TOPICS=programming language", "DDGBOT_TURN_CONTEXT_CARD=true")
		sugg, card := s.pollCard(t, "rust programming language")
		for _, sg := range sugg {
			if strings.Contains(strings.ToLower(sg.Title+sg.Body), "programming language") {
				t.Errorf("blocked topic offered: %+v", sg)
			}
		}
		if s.fake.RequestsFor("rust programming language") != 1 {
			t.Errorf("the blocked answer was never looked up: the test proves nothing")
		}
		if card["Filtered"] != "blocked-topic" || card["Topic"] != "" {
			t.Errorf("card %v", card)
		}
		if s.metric(t, `ddgbot_safety_filtered_total{reason="blocked-topic"}`) < 1 {
			t.Error("filter not counted")
		}
	})
	t.Run("allowed sources", func(t *testing.T) {
		open := start(t)
		all, _ := open.pollCard(t, "what is reddit?")
		s := start(t, "DDGBOT_SAFETY_ALLOWED_SOURCES=Wikipedia", "DDGBOT_TURN_CONTEXT_CARD=true")
		sugg, card := s.pollCard(t, "what is reddit?")
		if len(all) < 2 || len(sugg) != 1 || !strings.Contains(sugg[0].Body, "wikipedia.org") {
			t.Fatalf("without the rule %d suggestions; with it %+v", len(all), sugg)
		}
		if card["Filtered"] != "source-not-allowed" {
			t.Errorf("card %v", card)
		}
		s = start(t, "DDGBOT_SAFETY_ALLOWED_SOURCES=who.int")
		if sugg, _ := s.pollCard(t, "what is reddit?"); len(sugg) != 0 || s.fake.RequestsFor("reddit") != 1 {
			t.Fatalf("disallowed source offered: %+v (%d lookups)", sugg, s.fake.RequestsFor("reddit"))
		}
	})
}

// versioned is an answers file whose one entry is titled with its version.
func versioned(v int) string {
	return fmt.Sprintf("answers:\n  - id: hours\n    title: Version %d\n    match: [clinic hours]\n    body: Open 8 to 17 (version %d).\n", v, v)
}

// Ensure reloading the answers under steady polling fails no poll, never
// serves anything but a valid version, and ends with the last valid file
// in use after a broken one. Each file is written once the previous one
// has been reloaded; DDGBOT_TEST_RELOAD_FOR (e.g. 10s) goes on writing
// for that long.
func TestEndToEndReloadUnderPolling(t *testing.T) {
	t.Parallel()
	var duration time.Duration
	if d, err := time.ParseDuration(os.Getenv("DDGBOT_TEST_RELOAD_FOR")); err == nil {
		duration = d
	}
	const rate = 200 // polls per second
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), versioned(0))
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_LOG_LEVEL=info")
	s.client.Transport = &http.Transport{MaxIdleConnsPerHost: 32}
	const ok, refused = `ddgbot_answers_reloads_total{result="ok"}`, `ddgbot_answers_reloads_total{result="refused"}`
	reloads := func() float64 { return s.metric(t, ok) + s.metric(t, refused) }

	var polls, failed, skipped atomic.Int64
	var mu sync.Mutex
	seen := map[string]int{}
	var latencies []time.Duration
	stop := make(chan struct{})
	began := time.Now()
	var wg sync.WaitGroup
	work := make(chan struct{}, 64)
	for range 16 {
		wg.Go(func() {
			for range work {
				begin := time.Now()
				code, sugg, _ := s.post(t, pollBody("what are the clinic hours?"))
				took := time.Since(begin)
				polls.Add(1)
				mu.Lock()
				latencies = append(latencies, took)
				if code != http.StatusOK || len(sugg) == 0 || !strings.HasPrefix(sugg[0].Title, "Version ") {
					failed.Add(1)
				} else {
					seen[sugg[0].Title]++
				}
				mu.Unlock()
			}
		})
	}
	go func() {
		// Send what the schedule owes at each tick, so a late tick does
		// not lower the rate.
		tick := time.NewTicker(time.Second / rate)
		defer tick.Stop()
		defer close(work)
		sent := int64(0)
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				for owed := int64(time.Since(began).Seconds()*rate) - sent; owed > 0; owed-- {
					sent++
					select {
					case work <- struct{}{}:
					default: // the server is behind: skip rather than queue
						skipped.Add(1)
					}
				}
			}
		}
	}()

	// Reload six files or more, alternately through the watcher and
	// SIGHUP; every third file is broken.
	lastValid, valid, broken := 0, 0, 0
	for i := 1; i <= 6 || time.Since(began) < duration; i++ {
		before := reloads()
		if i%3 == 0 {
			writeAnswers(t, path, "answers:\n  - id: hours\n    title: Broken\n    body: \"\"\n")
			broken++
		} else {
			writeAnswers(t, path, versioned(i))
			lastValid = i
			valid++
		}
		if i%2 == 0 {
			s.hup.send()
		}
		for deadline := time.Now().Add(reloadLimit); reloads() <= before; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("file %d was never reloaded", i)
			}
		}
	}
	// End on a broken file: wait until it has been refused, then the last
	// valid one must still be in use.
	before := s.metric(t, refused)
	writeAnswers(t, path, "answers:\n  - id: hours\n    title: Broken\n    unknown: key\n    body: x\n")
	broken++
	s.hup.send()
	for deadline := time.Now().Add(reloadLimit); s.metric(t, refused) <= before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the last, broken file was never refused")
		}
	}
	close(stop)
	wg.Wait()
	elapsed := time.Since(began)

	want := fmt.Sprintf("Version %d", lastValid)
	if sugg, _ := s.pollCard(t, "clinic hours"); len(sugg) == 0 || sugg[0].Title != want {
		t.Fatalf("after the last broken file: %+v, want %q", sugg, want)
	}
	if failed.Load() != 0 {
		t.Errorf("%d of %d polls failed", failed.Load(), polls.Load())
	}
	for title := range seen {
		if title == "Broken" {
			t.Errorf("a broken file was served")
		}
	}
	slices.Sort(latencies)
	q := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d polls in %v (%.0f/s, %d polls skipped as the server fell behind), %d failed; %d valid and %d broken files written; reloads ok %v, refused %v; latency p50 %v p99 %v max %v; titles %v",
		polls.Load(), elapsed.Round(time.Millisecond), float64(polls.Load())/elapsed.Seconds(), skipped.Load(), failed.Load(), valid, broken,
		s.metric(t, ok), s.metric(t, refused),
		q(0.5), q(0.99), latencies[len(latencies)-1], seen)
}

// Ensure a help line's own crisis lists (safety.crisis_dir) apply over
// HTTP, and an edit applies without a restart and without sending the
// message upstream.
// Ensure the process's SIGHUP reloads the answers file at once (no
// settle wait). The signal reaches only the services that listen for the
// process's SIGHUP: the others, started by launch, each have their own
// hangups, so this test runs beside them.
func TestEndToEndSIGHUP(t *testing.T) {
	t.Parallel()
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), fiveAnswers("0800 000 000", "Version 1"))
	s := launch(t, fake, launchOptions{processHangups: true}, "DDGBOT_ANSWERS_FILE="+path)
	s.waitFor(t, "clinic hours", reloadLimit, func(title, _ string) bool { return title == "Version 1" })
	writeAnswers(t, path, fiveAnswers("0800 000 000", "Version 2"))
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(reloadLimit); !strings.Contains(s.logs.String(), `"trigger":"signal"`); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no reload on SIGHUP:\n%s", s.logs)
		}
	}
	s.waitFor(t, "clinic hours", 0, func(title, _ string) bool { return title == "Version 2" })
}

func TestEndToEndCrisisListsReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	list := filepath.Join(dir, "sw.txt")
	if err := os.WriteFile(list, []byte("[certain suicidal]\n1+0+taka inf+self+tosa\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), e2eAnswers)
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_SAFETY_CRISIS_ANSWER=referral",
		"DDGBOT_TURN_CONTEXT_CARD=true", "DDGBOT_SAFETY_CRISIS_DIR="+dir)
	if _, card := s.pollCard(t, "ninataka kujitosa mtoni"); card["Outcome"] != "crisis" || card["Crisis language"] != "sw" {
		t.Fatalf("own list entry: card %v", card)
	}
	const hidden = "mume wangu ananificha viatu vyangu" // my husband hides my shoes
	if _, card := s.pollCard(t, hidden); card["Outcome"] == "crisis" {
		t.Fatalf("taken for a crisis before the list had it: card %v", card)
	}
	if err := os.WriteFile(list, []byte("[certain partner-violence]\n*+me+fich* viatu\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The watcher reloads after a quiet moment: poll until it has.
	for deadline := time.Now().Add(10 * time.Second); ; {
		if _, card := s.pollCard(t, hidden); card["Outcome"] == "crisis" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("an edited crisis list was not reloaded")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Before the edit the message was an ordinary one, and may have been
	// looked up; after it, polls send nothing more.
	before := s.fake.Requests()
	if _, card := s.pollCard(t, hidden+" tena"); card["Outcome"] != "crisis" || s.fake.Requests() != before {
		t.Fatalf("after the reload: card %v, %d upstream requests", card, s.fake.Requests()-before)
	}
}

// ownByWords are a help line's FAQ entries, each with the one phrase a
// team would write: the ones the answers package's tests match by words.
const ownByWords = "../answers/testdata/by-words.yaml"

// Ensure over HTTP that own answers are matched by the words of a
// message in any order, with a typo, other words for the same thing and
// another language, and that a message about something else gets none.
func TestEndToEndOwnAnswerByWords(t *testing.T) {
	t.Parallel()
	path, err := filepath.Abs(ownByWords)
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_TURN_CONTEXT_CARD=true")
	for _, tc := range []struct{ msg, own, title string }{
		{"when does the clinik close on friday", "clinic-hours", "Clinic opening times"},
		{"pls i dont want these sms anymore", "stop", "Stop messages"},
		{"i want a human not a bot", "human", "Speak to a person"},
		{"where do i pick up my tb meds", "meds-pickup", "Medication pickup"},
		{"quando o bebê toma as vacinas?", "baby-vaccines", "Baby vaccination schedule"},
		{"clinical trials", "", ""},
		{"what is malaria", "", ""},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			sugg, card := s.pollCard(t, tc.msg)
			if card["Own answer"] != tc.own {
				t.Fatalf("own answer %q (matched %q), want %q", card["Own answer"], card["Matched"], tc.own)
			}
			if tc.own == "" {
				for _, sg := range sugg {
					if sg.Confidence == 1 {
						t.Fatalf("an own answer offered: %+v", sg)
					}
				}
				return
			}
			if len(sugg) == 0 || sugg[0].Title != tc.title || sugg[0].Confidence != 1 {
				t.Fatalf("suggestions %+v", sugg)
			}
			if !strings.Contains(card["Matched"], "by its words") {
				t.Errorf("card Matched %q", card["Matched"])
			}
		})
	}
}

// Ensure the lookup guard holds in every language: a word of harm beside
// a person is a crisis (unsure when no list names it: referral first,
// nothing upstream), and a message whose harm is over, a figure of speech
// or a question about people in general is no crisis and sends only its
// other sentence upstream.
func TestEndToEndCrisisGuard(t *testing.T) {
	t.Parallel()
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), e2eAnswers)
	s := start(t, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_SAFETY_CRISIS_ANSWER=referral",
		"DDGBOT_TURN_CONTEXT_CARD=true", "DDGBOT_LOG_LEVEL=info")
	crises := []struct{ lang, text string }{
		{"en", "my stepfather strangled my little brother"},
		{"pt", "o namorado da minha mãe espancou minha irmã"},
		{"es", "mi padrastro golpea a mi hermana"},
		{"fr", "mon copain m'a blessée au visage"},
		{"sw", "baba anamchapa mtoto"},
		{"zu", "umyeni uyangilimaza"},
		{"hi", "pati mujhe peet ta hai"},
		// a figure's word inside a time ("ce soir") is no figure
		{"fr", "il va me frapper ce soir"},
	}
	for _, m := range crises {
		before := s.fake.Requests()
		sugg, card := s.pollCard(t, m.text)
		if len(sugg) == 0 || sugg[0].Title != "Talk to someone now" || card["Outcome"] != "crisis" {
			t.Errorf("%s %q: suggestions %+v, card %v", m.lang, m.text, sugg, card)
		}
		if n := s.fake.Requests() - before; n != 0 {
			t.Errorf("%s %q: %d upstream requests", m.lang, m.text, n)
		}
	}
	others := []struct{ lang, kind, text string }{
		{"en", "past", "my dad beat me when i was little, now im fine. what is reddit?"},
		{"en", "figure", "this traffic is killing me lol. what is reddit?"},
		{"en", "educational", "what to do if someone has a seizure? what is reddit?"},
		{"pt", "past", "tentei me matar há muitos anos, hoje estou bem. what is reddit?"},
		{"es", "figure", "este calor me mata. what is reddit?"},
		{"fr", "figure", "cette chaleur me tue. what is reddit?"},
		{"sw", "figure", "joto hili linaniua. what is reddit?"},
		{"zu", "figure", "lokhu kushisa kuyangibulala. what is reddit?"},
		{"hi", "figure", "yeh garmi mujhe maar dalegi. what is reddit?"},
		// words of another language are not read as English ("papas")
		{"es", "plain", "corta las papas en tiras. what is reddit?"},
		{"sw", "figure", "baridi ya usiku inaniua. what is reddit?"},
		// a question about people in general
		{"es", "educational", "cómo ayudar a una mujer que sufre violencia? what is reddit?"},
		{"fr", "educational", "comment savoir si un enfant est maltraité? what is reddit?"},
		// a request to an office naming a death, a threat over a lapse or a
		// laugh, an injury no person did
		{"sw", "lapse", "mama ataniua nikisahau kununua mkate haha. what is reddit?"},
		{"zu", "lapse", "umkami uyangibulala ngamahlaya. what is reddit?"},
		{"es", "lapse", "mi papá me mata si choco el carro. what is reddit?"},
		{"hi", "injury", "kutte ne bete ke pair pe kaat liya. what is reddit?"},
		{"fr", "injury", "un chat a griffé mon fils. what is reddit?"},
	}
	for _, m := range others {
		before, reddit := s.fake.Requests(), s.fake.RequestsFor("reddit")
		sugg, card := s.pollCard(t, m.text)
		if card["Outcome"] == "crisis" || len(sugg) == 0 || sugg[0].Title == "Talk to someone now" {
			t.Errorf("%s %s %q: suggestions %+v, card %v", m.lang, m.kind, m.text, sugg, card)
		}
		if n, r := s.fake.Requests()-before, s.fake.RequestsFor("reddit")-reddit; n != r {
			t.Errorf("%s %s %q: %d upstream requests, %d of them the question's", m.lang, m.kind, m.text, n, r)
		}
	}
	// Below the check's thresholds, whatever the outcome, nothing of a
	// sentence that hurts a part of the body, negates living or names a
	// sign of a body emergency near a person is looked up: only the
	// question beside it.
	guarded := []struct{ lang, kind, text string }{
		{"en", "living", "i dont see any point in living in this city. what is reddit?"},
		{"en", "sign", "my grandma is on the kitchen floor and her face is drooping. what is reddit?"},
		{"es", "sign", "mi bebe esta morado en la cuna. what is reddit?"},
		{"pt", "living", "não tenho vontade de viver nessa cidade. what is reddit?"},
		{"fr", "sign", "mon bébé devient bleu dans son berceau. what is reddit?"},
		{"sw", "living", "sina hamu ya maisha mjini. what is reddit?"},
		{"zu", "sign", "ingane yami iluhlaza embhedeni. what is reddit?"},
		{"hi", "sign", "mera baccha neela pad gaya bistar pe. what is reddit?"},
		{"hi", "body", "usne kalai kaat li chaku se. what is reddit?"},
	}
	for _, m := range guarded {
		before, reddit := s.fake.Requests(), s.fake.RequestsFor("reddit")
		s.pollCard(t, m.text)
		if n, r := s.fake.Requests()-before, s.fake.RequestsFor("reddit")-reddit; n != r {
			t.Errorf("%s %s %q: %d upstream requests, %d of them the question's", m.lang, m.kind, m.text, n, r)
		}
	}
	// A request to an office that names a death is answered: the request
	// is looked up, no word of the death alone.
	admin := []struct{ lang, text, query string }{
		{"en", "my aunt died in march, which office issues the death certificate?", "death certificate"},
		{"es", "mi esposo falleció, cómo cobro el seguro de vida?", "life insurance"},
		{"fr", "mon père est décédé, comment obtenir la pension de réversion ?", "pension"},
	}
	for _, m := range admin {
		before, asked := s.fake.Requests(), s.fake.RequestsFor(m.query)
		sugg, card := s.pollCard(t, m.text)
		if card["Outcome"] == "crisis" || len(sugg) > 0 && sugg[0].Title == "Talk to someone now" {
			t.Errorf("%s %q: suggestions %+v, card %v", m.lang, m.text, sugg, card)
		}
		if n, a := s.fake.Requests()-before, s.fake.RequestsFor(m.query)-asked; a == 0 || n != a {
			t.Errorf("%s %q: %d upstream requests, %d of them %q", m.lang, m.text, n, a, m.query)
		}
	}
}
