package cli

import (
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// Ensure a poll that meets every slow path at once is still answered by
// its one deadline, turn.response_timeout (plus 500ms for the race
// detector on a loaded machine): Redis stalls for 1.7s (below
// redis.timeout, so only the deadline bounds it), the topic suggested was
// marked not helpful so the next best is looked up, DuckDuckGo hangs on
// it, and two replicas ask for it at once, one waiting on the other's
// lease.
func TestPollDeadlineEverySlowPath(t *testing.T) {
	t.Parallel()
	const timeout = 2 * time.Second
	srv := redistest.Start(t)
	fake := actionsFake(t)
	env := []string{"DDGBOT_REDIS_URL=" + srv.URL(), "DDGBOT_REDIS_KEY_PREFIX=ddgbot:test:deadline:",
		"DDGBOT_REDIS_TIMEOUT=1900ms", "DDGBOT_TURN_RESPONSE_TIMEOUT=" + timeout.String()}
	rs := []*service{startWith(t, fake, env...), startWith(t, fake, env...)}
	waitShared(t, rs)

	const owner = "+27820001001"
	conv := conversation(owner, msg{"what is reddit?", 1700000000})
	first := rs[0].pollFor(t, conv, "")
	if !first.about("Reddit") {
		t.Fatalf("first poll: %+v", first.Suggested)
	}
	rs[0].act(t, "/actions", callbackFixture(t, "action-request-with-option.json", owner,
		first.Actions["ddgbot_not_helpful"].Payload, "", "", 0), "")

	fake.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	srv.Pause()
	resumed := time.AfterFunc(1700*time.Millisecond, srv.Resume)
	t.Cleanup(func() {
		if resumed.Stop() {
			srv.Resume()
		}
	})
	took := make([]time.Duration, len(rs))
	var wg sync.WaitGroup
	for i, s := range rs {
		wg.Go(func() {
			start := time.Now()
			s.pollFor(t, conv, "")
			took[i] = time.Since(start)
		})
	}
	wg.Wait()
	for i, d := range took {
		t.Logf("replica %d answered in %v", i, d.Round(time.Millisecond))
		if d > timeout+500*time.Millisecond {
			t.Errorf("replica %d answered in %v, want within %v", i, d, timeout+500*time.Millisecond)
		}
	}
	if n := fake.RequestsFor("baidu tieba"); n != 1 {
		t.Errorf("%d upstream requests for the next best, want 1: the other replica waits on the lease", n)
	}
}
