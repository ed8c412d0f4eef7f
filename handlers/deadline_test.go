package handlers_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/instant"
)

// deadlines records the deadline of every context it is shown.
type deadlines struct {
	mu   sync.Mutex
	on   bool
	seen map[string][]time.Time // by what was called; zero for none
}

func (d *deadlines) record(what string, ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.on {
		dl, _ := ctx.Deadline()
		d.seen[what] = append(d.seen[what], dl)
	}
}

// deadlineStore is the actions store, recording the deadline of reads.
type deadlineStore struct {
	*memStore
	d *deadlines
}

func (s deadlineStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	s.d.record("store", ctx)
	return s.memStore.Get(ctx, key)
}

// Ensure every wait below a poll (its lookups, the steering store, the
// next best after "not helpful") runs under the one deadline the handler
// sets when the poll arrives, turn.response_timeout on the handler's
// clock, and under no shorter budget of its own. The clock is an hour
// ahead, so that deadline is told from any set on the real clock.
func TestPollDeadlineIsTheOnlyBudget(t *testing.T) {
	const timeout = 3 * time.Second
	now := time.Now().Add(time.Hour).Round(time.Second)
	d := &deadlines{seen: map[string][]time.Time{}}
	st := deadlineStore{&memStore{items: map[string][]byte{}}, d}
	svc := actions.New(st, actions.Options{Key: actions.Key(testToken)})
	ts := newServer(t, func(o *handlers.Options) {
		o.Actions, o.ResponseTimeout, o.Now = svc, timeout, func() time.Time { return now }
	})
	ts.search.fn = func(ctx context.Context, q string) (instant.Answer, error) {
		d.record("lookup", ctx)
		switch strings.ToLower(q) {
		case "malaria":
			a := article("Malaria", "Malaria is a mosquito-borne infectious disease. It is common in the tropics.")
			a.RelatedTopics = []instant.Topic{{FirstURL: "https://duckduckgo.com/Mosquito", Text: "Mosquito - an insect"}}
			return a, nil
		case "mosquito":
			return article("Mosquito", "Mosquitoes are small flies. Only females bite."), nil
		}
		return instant.Answer{}, nil
	}

	var p pollActions
	_ = json.Unmarshal(ts.do(t, call{body: poll("what is malaria?")}).Body.Bytes(), &p)
	cb := callbackBody(t, "action-request-with-option.json", p.Actions[actions.NotHelpful].Payload, "")
	if rec := ts.do(t, call{path: "/actions", body: cb}); rec.Code != 200 {
		t.Fatalf("not helpful: %d %s", rec.Code, rec.Body)
	}

	d.mu.Lock()
	d.on = true
	d.mu.Unlock()
	got := decodePoll(t, ts.do(t, call{body: poll("what is malaria?")}))
	if len(got.Suggestions) == 0 || !strings.Contains(got.Suggestions[0].Title, "Mosquito") {
		t.Fatalf("the next best was not offered: %+v", got.Suggestions)
	}
	want := now.Add(timeout)
	for _, what := range []string{"lookup", "store"} {
		if len(d.seen[what]) == 0 {
			t.Fatalf("no %s seen", what)
		}
		for _, dl := range d.seen[what] {
			if !dl.Equal(want) {
				t.Errorf("a %s ran until %v, want the poll's deadline %v", what, dl, want)
			}
		}
	}
	t.Logf("%d lookups and %d store reads, all under the poll's deadline", len(d.seen["lookup"]), len(d.seen["store"]))
}
