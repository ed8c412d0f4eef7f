package cli

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// fleet starts three replicas sharing one fake DuckDuckGo (200ms latency)
// and the Redis at redisURL under prefix.
func fleet(t *testing.T, redisURL, prefix string, env ...string) (*ddgtest.Server, []*service) {
	t.Helper()
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	fake.SetLatency(200 * time.Millisecond)
	env = append([]string{"DDGBOT_REDIS_URL=" + redisURL, "DDGBOT_REDIS_KEY_PREFIX=" + prefix, "DDGBOT_LOG_LEVEL=info"}, env...)
	var rs []*service
	for range 3 {
		rs = append(rs, startWith(t, fake, env...))
	}
	return fake, rs
}

// shared reports whether the replica uses Redis now, from its metrics.
func (s *service) shared(t *testing.T) bool {
	t.Helper()
	return strings.Contains(s.metrics(t, "ddgbot_redis_bypassed"), "\nddgbot_redis_bypassed 0\n")
}

// waitShared waits until every replica uses Redis and returns how long
// that took.
func waitShared(t *testing.T, rs []*service) time.Duration {
	t.Helper()
	start := time.Now()
	for _, s := range rs {
		for !s.shared(t) {
			if time.Since(start) > 30*time.Second {
				t.Fatal("replicas did not use Redis within 30s")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return time.Since(start)
}

// herd sends n identical polls spread over the replicas at once and
// returns how many got suggestions.
func herd(t *testing.T, rs []*service, n int, text string) int {
	t.Helper()
	var wg sync.WaitGroup
	var answered atomic.Int32
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, sugg, _ := rs[i%len(rs)].post(t, pollBody(text)); code == 200 && len(sugg) > 0 {
				answered.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(answered.Load())
}

// generous are budgets for tests of what is shared, not of how fast: on a
// loaded machine (the race detector, 150 requests at once on two cores) a
// 50ms Redis call or a 1s wait for another replica can time out without
// Redis or DuckDuckGo being at fault, and the replica then rightly asks
// DuckDuckGo itself, which these tests would count as a failure.
var generous = []string{"DDGBOT_REDIS_TIMEOUT=1s", "DDGBOT_TURN_RESPONSE_TIMEOUT=20s", "DDGBOT_SERVER_WRITE_TIMEOUT=30s"}

// Ensure one upstream call answers a herd of one new question over three
// replicas, and a question answered on one replica costs the others
// nothing.
func TestFleetSharesLookups(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	fake, rs := fleet(t, db.URL(), db.Prefix, append(generous, "DDGBOT_LOG_LEVEL=debug")...)
	waitShared(t, rs)

	answered := herd(t, rs, 150, "what is reddit?")
	if n := fake.RequestsFor("reddit"); n != 1 || answered != 150 {
		var logs []string
		for _, s := range rs {
			logs = append(logs, grepLines(s.logs.String(), "shared"))
		}
		t.Fatalf("150 identical questions over 3 replicas: %d upstream calls, %d answered; want 1 and 150\n%s", n, answered, strings.Join(logs, "\n"))
	}

	if code, sugg, _ := rs[0].post(t, pollBody("what is topic-70?")); code != 200 || len(sugg) == 0 {
		t.Fatalf("replica A: %d %v", code, sugg)
	}
	for _, s := range rs[1:] {
		if code, sugg, _ := s.post(t, pollBody("What is Topic-70")); code != 200 || len(sugg) == 0 {
			t.Fatalf("replica B/C: %d %v", code, sugg)
		}
	}
	if n := fake.RequestsFor("topic-70"); n != 1 {
		t.Fatalf("asked on A, then B and C: %d upstream calls, want 1", n)
	}
}

// Ensure that with Redis down each replica still answers, at the cost of
// one upstream call per replica, never one per request.
func TestFleetRedisDown(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	srv.Kill()
	fake, rs := fleet(t, srv.URL(), "ddgbot:test:down:")
	answered := herd(t, rs, 150, "what is reddit?")
	if n := fake.RequestsFor("reddit"); n > 3 || answered != 150 {
		t.Fatalf("Redis down: %d upstream calls, %d of 150 answered; want at most 3 and 150", n, answered)
	}
	t.Logf("Redis down: %d upstream calls for 150 identical questions over 3 replicas", fake.RequestsFor("reddit"))
}

// Ensure DuckDuckGo throttling one replica stops all of them at once, and
// that exactly one probe goes out when the pause ends.
func TestFleetPause(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	// Retry-After 30 is clamped to 2s, so the test waits 2s, not 30.
	fake, rs := fleet(t, db.URL(), db.Prefix, append(generous, "DDGBOT_DUCKDUCKGO_BREAKER_COOLDOWN=1s", "DDGBOT_DUCKDUCKGO_MAX_RETRY_AFTER=2s")...)
	waitShared(t, rs)

	fake.SetFault(ddgtest.Fault{Status: 429, RetryAfter: "30"})
	if code, _, _ := rs[0].post(t, pollBody("what is topic-50")); code != 200 {
		t.Fatalf("throttled poll: %d", code)
	}
	paused := time.Now()
	if n := fake.Requests(); n != 1 {
		t.Fatalf("%d upstream calls, want A's one", n)
	}
	for i, s := range rs[1:] {
		if code, _, _ := s.post(t, pollBody(fmt.Sprint("what is topic-", 51+i))); code != 200 {
			t.Fatalf("poll during the pause: %d", code)
		}
	}
	if n := fake.Requests(); n != 1 {
		t.Fatalf("B and C called DuckDuckGo %d times during the pause, want 0", n-1)
	}

	fake.SetFault(ddgtest.Fault{})
	fake.SetLatency(time.Second)                                // the probe lasts while the other questions arrive
	time.Sleep(time.Until(paused.Add(2100 * time.Millisecond))) // the pause is 2s
	// Questions with an answer (the fake has an article for every
	// topic-N): a question without one gets an empty answer, and the
	// handler would then try its next candidate query, a new call once
	// the probe has succeeded.
	var probes []string
	for i := range 9 {
		probes = append(probes, fmt.Sprint("topic-", 100+i))
	}
	var wg sync.WaitGroup
	for i, q := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs[i%3].post(t, pollBody("what is "+q))
		}()
	}
	wg.Wait()
	if n := fake.Requests(); n != 2 {
		t.Fatalf("%d upstream calls for 9 new questions after the pause, want exactly 1 probe", n-1)
	}
	fake.SetLatency(0)
	// The probe succeeded: every replica calls again (each sees it within
	// a moment of the probe's end).
	deadline := time.Now().Add(5 * time.Second)
	for i := 200; ; i++ {
		q := fmt.Sprint("topic-", i)
		rs[1].post(t, pollBody("what is "+q))
		if fake.RequestsFor(q) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("replica B did not call DuckDuckGo again within 5s of a successful probe")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Ensure Redis killed, paused and restarted during steady polling fails
// no poll and delays none past Turn's deadline, and that sharing resumes
// within 10s of Redis coming back.
func TestFleetRedisFaults(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	fake, rs := fleet(t, srv.URL(), "ddgbot:test:faults:", "DDGBOT_REDIS_TIMEOUT=50ms")
	waitShared(t, rs)
	const deadline = 3 * time.Second

	type stats struct {
		polls, failed, late int
		slowest             time.Duration
	}
	var mu sync.Mutex
	phase := "healthy"
	byPhase := map[string]*stats{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var sent atomic.Int64
	go func() { // a poll every 20ms, each on its own; every 4th a question not seen before
		defer wg.Done()
		warm := []string{"reddit", "duckduckgo", "eur", "futebol", "topic-1"}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			sent.Add(1)
			text := "what is " + warm[i%len(warm)]
			if i%4 == 0 {
				text = fmt.Sprintf("what is topic-%d", 1000+i)
			}
			mu.Lock()
			p := phase
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				begin := time.Now()
				code, _, _ := rs[i%3].post(t, pollBody(text))
				took := time.Since(begin)
				mu.Lock()
				defer mu.Unlock()
				st := byPhase[p]
				if st == nil {
					st = &stats{}
					byPhase[p] = st
				}
				st.polls++
				if code != 200 {
					st.failed++
				}
				if took > deadline {
					st.late++
				}
				st.slowest = max(st.slowest, took)
			}()
		}
	}()
	setPhase := func(p string) { mu.Lock(); phase = p; mu.Unlock() }
	// polls lets n more polls go out.
	polls := func(n int64) {
		for until := sent.Load() + n; sent.Load() < until; time.Sleep(5 * time.Millisecond) {
		}
	}
	// bypassed waits until every replica has stopped using Redis.
	bypassed := func(what string) {
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			n := 0
			for _, s := range rs {
				if s.metric(t, "ddgbot_redis_bypassed") == 1 {
					n++
				}
			}
			if n == len(rs) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d replicas bypass Redis 30s after it was %s", n, len(rs), what)
			}
		}
	}

	// Each phase lasts until every replica has seen the change, and some
	// polls after it (a fifth of a second's: the change itself is what
	// may fail or delay a poll).
	const after = 10
	polls(25)
	setPhase("killed")
	srv.Kill()
	bypassed("killed")
	polls(after)
	srv.Restart()
	setPhase("restarted")
	restartTook := waitShared(t, rs)
	setPhase("paused")
	srv.Pause()
	bypassed("paused")
	polls(after)
	srv.Resume()
	setPhase("resumed")
	resumeTook := waitShared(t, rs)
	polls(after)
	close(stop)
	wg.Wait()

	for _, p := range []string{"healthy", "killed", "restarted", "paused", "resumed"} {
		st := byPhase[p]
		if st == nil {
			continue
		}
		t.Logf("%-9s %3d polls, %d failed, %d late, slowest %v", p, st.polls, st.failed, st.late, st.slowest.Round(time.Millisecond))
		if st.failed > 0 || st.late > 0 {
			t.Errorf("%s: %d failed and %d late polls, want none", p, st.failed, st.late)
		}
	}
	t.Logf("sharing resumed %v after restart, %v after SIGCONT", restartTook.Round(time.Millisecond), resumeTook.Round(time.Millisecond))
	if restartTook > 10*time.Second || resumeTook > 10*time.Second {
		t.Errorf("sharing resumed after %v (restart) and %v (SIGCONT), want within 10s", restartTook, resumeTook)
	}

	// Sharing works again: a question answered on A costs B nothing. With
	// redis.timeout at its 50ms default a loaded test machine may miss
	// the deadline now and then (B then rightly asks DuckDuckGo itself),
	// so a few questions may be tried; one must be shared.
	for i := range 10 {
		q := fmt.Sprint("topic-", 60+i)
		if code, sugg, _ := rs[0].post(t, pollBody("what is "+q)); code != 200 || len(sugg) == 0 {
			t.Fatalf("A after recovery: %d", code)
		}
		rs[1].post(t, pollBody("what is "+q))
		if fake.RequestsFor(q) == 1 {
			return
		}
	}
	t.Fatal("after recovery: no question answered on A was served to B without an upstream call, in 10 tries")
}
