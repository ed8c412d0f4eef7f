package cli

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// burst sends one poll per question, spread over the replicas, all at
// once, and returns how many got suggestions, the polls' latencies and
// how long the burst took.
func burst(t *testing.T, rs []*service, texts []string) (answered int, latencies []time.Duration, took time.Duration) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := time.Now()
	for i, text := range texts {
		wg.Go(func() {
			t0 := time.Now()
			code, sugg, _ := rs[i%len(rs)].post(t, pollBody(text))
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, time.Since(t0))
			if code == 200 && len(sugg) > 0 {
				answered++
			}
		})
	}
	wg.Wait()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return answered, latencies, time.Since(start)
}

// Ensure duckduckgo.max_rate holds when Redis refuses writes (full under
// noeviction): each replica keeps it alone and reports Redis bypassed,
// instead of letting every question through.
func TestFleetMaxRateWhenRedisRefusesWrites(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	const maxRate = 2
	fake, rs := fleet(t, srv.URL(), "ddgbot:test:oom:", "DDGBOT_REDIS_TIMEOUT=1s", fmt.Sprint("DDGBOT_DUCKDUCKGO_MAX_RATE=", maxRate))
	fake.SetLatency(0)
	waitShared(t, rs)
	srv.RefuseWrites()
	var texts []string
	for i := range 45 {
		texts = append(texts, fmt.Sprint("what is topic-", 300+i))
	}
	answered, _, took := burst(t, rs, texts)
	n := fake.Requests()
	// Each replica on its own: at most one at once, then max_rate. A slow
	// machine only lengthens took, which loosens the bound.
	if limit := len(rs) * (1 + int(maxRate*took.Seconds())); n > limit {
		t.Fatalf("Redis refusing writes: %d upstream calls in %s for 45 new questions at max_rate %d over %d replicas; want at most %d",
			n, took.Round(time.Millisecond), maxRate, len(rs), limit)
	}
	for i, s := range rs {
		if v := s.metric(t, "ddgbot_redis_bypassed"); v != 1 {
			t.Errorf("replica %d: ddgbot_redis_bypassed %v while Redis refuses writes, want 1", i, v)
		}
	}
	t.Logf("Redis refusing writes, max_rate %d, 3 replicas: %d upstream calls in %s, %d of 45 polls answered", maxRate, n, took.Round(time.Millisecond), answered)
}

// Ensure that with DuckDuckGo slower than turn.response_timeout less
// duckduckgo.timeout, replicas waiting for another's lookup still wait
// for its answer: one call for a herd of one question.
func TestFleetSlowUpstreamOneCall(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	// 1.5s upstream against response_timeout - timeout = 1s; the
	// timeouts are scaled up so a loaded machine does not fail polls.
	fake, rs := fleet(t, db.URL(), db.Prefix, "DDGBOT_REDIS_TIMEOUT=1s", "DDGBOT_TURN_RESPONSE_TIMEOUT=6s",
		"DDGBOT_DUCKDUCKGO_TIMEOUT=5s", "DDGBOT_SERVER_WRITE_TIMEOUT=10s")
	fake.SetLatency(1500 * time.Millisecond)
	waitShared(t, rs)
	texts := make([]string, 150)
	for i := range texts {
		texts[i] = "what is reddit?"
	}
	answered, lat, _ := burst(t, rs, texts)
	if n := fake.RequestsFor("reddit"); n != 1 || answered != 150 {
		t.Fatalf("DuckDuckGo 1.5s slow: %d upstream calls, %d of 150 answered; want 1 and 150", n, answered)
	}
	t.Logf("DuckDuckGo 1.5s slow: 1 call for 150 identical polls over 3 replicas; poll latency median %s, max %s",
		lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
}

// Ensure a replica honouring another's pause shows it on its pause gauge.
func TestFleetPauseGauge(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	fake, rs := fleet(t, db.URL(), db.Prefix, append(generous, "DDGBOT_DUCKDUCKGO_BREAKER_COOLDOWN=1m", "DDGBOT_DUCKDUCKGO_MAX_RETRY_AFTER=1m")...)
	waitShared(t, rs)
	fake.SetFault(ddgtest.Fault{Status: 429, RetryAfter: "60"})
	rs[0].post(t, pollBody("what is topic-60"))
	rs[1].post(t, pollBody("what is topic-61"))
	if n := fake.Requests(); n != 1 {
		t.Fatalf("%d upstream calls, want A's one", n)
	}
	for i, s := range rs[:2] {
		if v := s.metric(t, "ddgbot_duckduckgo_fleet_pause_seconds"); v < 30 {
			t.Errorf("replica %d: ddgbot_duckduckgo_fleet_pause_seconds %v during a 60s pause", i, v)
		}
	}
}

// Ensure max_rate never keeps a lookup queued past its poll's deadline:
// with more new questions than the rate allows, what cannot go out in
// time is shed, so that no request is spent on an answer nobody waits
// for and the rate goes to questions whose polls still wait.
//
// The rates and budgets are scaled so that the run is short yet a queue
// that is not shed outlives the polls by a second: 4×maxRate questions a
// second for one second take four seconds to go out at maxRate, while
// the last poll ends at most a response_timeout (2s) after it was sent.
// A lookup that may wait goes out at least duckduckgo.timeout (1s) before
// its poll's deadline, so a loaded machine has that long to send it
// before it would count as late.
func TestFleetMaxRateShedsWhatCannotBeAnswered(t *testing.T) {
	t.Parallel()
	const maxRate = 10
	db := redistest.Shared(t)
	fake, rs := fleet(t, db.URL(), db.Prefix, "DDGBOT_REDIS_TIMEOUT=1s", fmt.Sprint("DDGBOT_DUCKDUCKGO_MAX_RATE=", maxRate),
		"DDGBOT_TURN_RESPONSE_TIMEOUT=2s", "DDGBOT_DUCKDUCKGO_TIMEOUT=1s")
	fake.SetLatency(0)
	waitShared(t, rs)
	// 4×maxRate new questions a second for 1s.
	var wg sync.WaitGroup
	var mu sync.Mutex
	answered, polls := 0, 0
	tick := time.NewTicker(time.Second / (4 * maxRate))
	for i := range 4 * maxRate {
		<-tick.C
		wg.Go(func() {
			code, sugg, _ := rs[i%3].post(t, pollBody(fmt.Sprint("what is topic-", 400+i)))
			mu.Lock()
			defer mu.Unlock()
			polls++
			if code == 200 && len(sugg) > 0 {
				answered++
			}
		})
	}
	tick.Stop()
	wg.Wait()
	sent := fake.Requests()
	// A lookup still queued would go out within 1/maxRate; waiting for
	// five of those leaves no doubt. Nothing marks that a lookup is not
	// sent, so this is a wait, not a timing check: it can only miss a
	// late lookup, never fail a working service.
	time.Sleep(5 * time.Second / maxRate)
	if late := fake.Requests() - sent; late > 0 {
		t.Errorf("%d upstream requests after every poll had ended: lookups queued past their deadline", late)
	}
	t.Logf("max_rate %d, %d new questions/s for 1s over 3 replicas: %d of %d polls answered, %d upstream requests", maxRate, 4*maxRate, answered, polls, sent)
}
