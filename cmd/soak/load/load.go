// Package load soak-tests a running ddgbot: it sends a mixed stream of good
// and bad requests at a fixed rate for a fixed time, checks every status,
// and samples ddgbot's own /metrics (goroutines, heap, RSS, cache size) so
// that a leak shows as growth after warm-up. It talks to loopback
// addresses only.
package load

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ddgbot/ddgbot/turn/turntest"
)

// Options configure a run. Target and Token are required.
type Options struct {
	Target       string        // ddgbot's base URL, e.g. http://127.0.0.1:8080 (loopback only)
	Token        string        // turn.api_token (bearer)
	Path         string        // server.path (default "/")
	MetricsPath  string        // metrics.path (default "/metrics")
	Rate         float64       // requests per second (default 50)
	Duration     time.Duration // how long to send (default 10m)
	Warmup       time.Duration // growth is measured from here (default Duration/5)
	Interval     time.Duration // between metric samples and progress lines (default Duration/20, at least 1s)
	Concurrency  int           // requests in flight at most; beyond it a tick is dropped (default 64)
	MaxBodyBytes int64         // server.max_body_bytes, to build an oversized body (default 1 MiB)
	Seed         uint64        // for the request mix
	Progress     io.Writer     // when set, gets a line per sample
}

func (o *Options) defaults() error {
	u, err := url.Parse(o.Target)
	if err != nil || u.Scheme != "http" {
		return fmt.Errorf("load: target %q: want http://host:port", o.Target)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("load: target %q is not a loopback address", o.Target)
	}
	o.Target = strings.TrimSuffix(o.Target, "/")
	if o.Path == "" {
		o.Path = "/"
	}
	if o.MetricsPath == "" {
		o.MetricsPath = "/metrics"
	}
	if o.Rate <= 0 {
		o.Rate = 50
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Minute
	}
	if o.Warmup <= 0 || o.Warmup >= o.Duration {
		o.Warmup = o.Duration / 5
	}
	if o.Interval <= 0 {
		o.Interval = max(time.Second, o.Duration/20)
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 64
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	return nil
}

// A kind of request, with its share of the mix and the status it must get.
type kind struct {
	name   string
	weight int
	want   int
}

var kinds = []kind{
	{"poll-repeat", 34, 200}, // questions asked before: cache hits
	{"poll-new", 18, 200},    // a never-seen topic: a lookup and a new cache entry
	{"chit-chat", 10, 200},   // greetings and menu input: no lookup
	{"handshake", 8, 200},
	{"bad-auth", 10, 401},
	{"malformed", 8, 400},
	{"oversized", 4, 413},
	{"wrong-method", 4, 405},
	{"health", 4, 200},
}

var repeated = []string{
	"Hi, what is Reddit?", "tell me about typescript please", "what is duckduckgo",
	"rust programming language", "who is Stephen Fry?", "what is a cat", "simpsons characters",
	"what is topic-1?", "what is topic-2?", "what is topic-3?", "what is topic-4?", "what is topic-5?",
}

var chitChat = []string{"hi", "thanks!", "ok", "1", "👍", "good morning", "menu"}

var malformed = []string{
	`{"messages": [`, `[1,2,3]`, `null`, ``, `{"messages":"hi"}`, `{"handshake":"yes"}`,
	`{"messages":[{"text":{"body":42}}]}`, "{\"messages\":\xff}", `{"messages":[{"timestamp":true}]}`,
}

// Sample is one reading of ddgbot's /metrics.
type Sample struct {
	At           time.Duration // since the run started
	Goroutines   float64
	HeapInuse    float64 // bytes
	HeapAlloc    float64 // bytes
	RSS          float64 // bytes
	CacheEntries float64
}

var sampled = map[string]func(*Sample) *float64{
	"go_goroutines":                 func(s *Sample) *float64 { return &s.Goroutines },
	"go_memstats_heap_inuse_bytes":  func(s *Sample) *float64 { return &s.HeapInuse },
	"go_memstats_heap_alloc_bytes":  func(s *Sample) *float64 { return &s.HeapAlloc },
	"process_resident_memory_bytes": func(s *Sample) *float64 { return &s.RSS },
	"ddgbot_cache_entries":          func(s *Sample) *float64 { return &s.CacheEntries },
}

// Report is what a run saw.
type Report struct {
	Options    Options
	Elapsed    time.Duration
	Sent       int
	Dropped    int                    // ticks skipped because Concurrency requests were in flight
	Statuses   map[string]map[int]int // kind → status → count
	Unexpected map[string]int         // kind → answers with another status than the kind's
	Errors     map[string]int         // transport errors by kind and class ("oversized:reset"; classes timeout, reset, refused, eof, other)
	Latency    map[string]time.Duration
	// Start is before any load; Warm the first sample after warm-up;
	// Loaded the last sample under load; End after the load stopped and
	// idle connections were closed.
	Start, Warm, Loaded, End Sample
	Samples                  []Sample
	Failures                 []string // why the verdict is FAIL; empty means PASS
}

// Pass reports the verdict.
func (r *Report) Pass() bool { return len(r.Failures) == 0 }

// Run sends the mix until Duration has passed or ctx is done, then judges
// the run: every answer had its kind's status, no transport errors, and
// neither goroutines nor heap grew beyond a margin after warm-up.
func Run(ctx context.Context, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	r := &Report{Options: o, Statuses: map[string]map[int]int{}, Unexpected: map[string]int{},
		Errors: map[string]int{}, Latency: map[string]time.Duration{}}
	transport := &http.Transport{MaxIdleConnsPerHost: o.Concurrency, IdleConnTimeout: 30 * time.Second}
	defer transport.CloseIdleConnections()
	client := &http.Client{Timeout: 15 * time.Second, Transport: transport}
	begin := time.Now()

	var err error
	if r.Start, err = scrape(ctx, client, o.Target+o.MetricsPath); err != nil {
		return nil, err
	}
	r.Samples = append(r.Samples, r.Start)

	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	oversized := bytes.Repeat([]byte("a"), int(o.MaxBodyBytes)+1)
	copy(oversized, `{"handshake":true,"pad":"`)
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	total := 0
	for _, k := range kinds {
		total += k.weight
	}

	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		sem     = make(chan struct{}, o.Concurrency)
		newN    = 1000
		issued  = 0 // requests sent or dropped
		latency = map[string][]time.Duration{}
	)
	record := func(k kind, code int, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			r.Errors[k.name+":"+errClass(err)]++
			return
		}
		if r.Statuses[k.name] == nil {
			r.Statuses[k.name] = map[int]int{}
		}
		r.Statuses[k.name][code]++
		if code != k.want {
			r.Unexpected[k.name]++
		}
		latency[k.name] = append(latency[k.name], d)
	}

	tick := time.NewTicker(time.Duration(float64(time.Second) / o.Rate))
	defer tick.Stop()
	sample := time.NewTicker(o.Interval)
	defer sample.Stop()
	warmAt := begin.Add(o.Warmup)
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-sample.C:
			s, err := scrape(ctx, client, o.Target+o.MetricsPath)
			if err != nil {
				if ctx.Err() != nil {
					break loop
				}
				mu.Lock()
				r.Errors["metrics"]++
				mu.Unlock()
				continue
			}
			s.At = time.Since(begin)
			r.Samples = append(r.Samples, s)
			r.Loaded = s
			if r.Warm.At == 0 && time.Now().After(warmAt) {
				r.Warm = s
			}
			if o.Progress != nil {
				mu.Lock()
				fmt.Fprintf(o.Progress, "%6s sent %d  goroutines %.0f  heap_inuse %s  rss %s  cache %.0f  unexpected %d  errors %d\n",
					s.At.Round(time.Second), r.Sent, s.Goroutines, mib(s.HeapInuse), mib(s.RSS), s.CacheEntries, sum(r.Unexpected), sum(r.Errors))
				mu.Unlock()
			}
		case <-tick.C:
			// A ticker drops ticks when this loop is late (a slow scrape, a
			// busy machine): send whatever is due so the rate holds.
			due := int(time.Since(begin).Seconds()*o.Rate) - issued
			for range due {
				issued++
				k := pick(rng, total)
				req := build(k, o, rng, &newN, oversized)
				select {
				case sem <- struct{}{}:
				default:
					mu.Lock()
					r.Dropped++
					mu.Unlock()
					continue
				}
				mu.Lock()
				r.Sent++
				mu.Unlock()
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { <-sem }()
					t0 := time.Now()
					code, err := send(client, req)
					record(k, code, time.Since(t0), err)
				}()
			}
		}
	}
	wg.Wait()
	r.Elapsed = time.Since(begin)
	for name, ds := range latency {
		slices.Sort(ds)
		r.Latency[name] = ds[len(ds)*99/100]
	}

	// Let ddgbot close the connections and finish background lookups
	// before the last reading: on a busy machine that takes a while, but a
	// leak never settles.
	var end Sample
	for settle := time.Now(); ; {
		transport.CloseIdleConnections()
		time.Sleep(250 * time.Millisecond)
		if end, err = scrape(context.Background(), client, o.Target+o.MetricsPath); err != nil {
			return r, err
		}
		if end.Goroutines <= r.Start.Goroutines+goroutineMargin || time.Since(settle) > 10*time.Second {
			break
		}
	}
	end.At = time.Since(begin)
	r.End = end
	r.Samples = append(r.Samples, end)
	transport.CloseIdleConnections()
	r.judge()
	return r, nil
}

func pick(rng *rand.Rand, total int) kind {
	n := rng.IntN(total)
	for _, k := range kinds {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	return kinds[0]
}

// request is what send sends; body is re-read from the start each time.
type request struct {
	method, url string
	header      http.Header
	body        []byte
}

func build(k kind, o Options, rng *rand.Rand, newN *int, oversized []byte) request {
	r := request{method: http.MethodPost, url: o.Target + o.Path, header: http.Header{
		"Content-Type":  {"application/json"},
		"Authorization": {"Bearer " + o.Token},
	}}
	switch k.name {
	case "poll-repeat":
		r.body = poll(repeated[rng.IntN(len(repeated))])
	case "poll-new":
		*newN++
		r.body = poll("what is topic-" + strconv.Itoa(*newN) + "?") // fakeapi answers every topic-N
	case "chit-chat":
		r.body = poll(chitChat[rng.IntN(len(chitChat))])
	case "handshake":
		r.body = []byte(`{"handshake":true}`)
	case "bad-auth":
		r.header.Set("Authorization", [...]string{"Bearer wrong", "", "Basic " + o.Token, "Token " + o.Token}[rng.IntN(4)])
		r.body = poll("what is reddit")
	case "malformed":
		r.body = []byte(malformed[rng.IntN(len(malformed))])
	case "oversized":
		r.body = oversized
	case "wrong-method":
		r.method = [...]string{http.MethodGet, http.MethodPut, http.MethodDelete}[rng.IntN(3)]
	case "health":
		r.method, r.url, r.header = http.MethodGet, o.Target+"/health", nil
	}
	return r
}

func poll(text string) []byte { return turntest.Ask(text) }

// send sends req and returns the status, reading (and discarding) the
// answer so the connection can be reused.
func send(client *http.Client, r request) (int, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, r.url, body)
	if err != nil {
		return 0, err
	}
	req.Header = r.header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	return resp.StatusCode, nil
}

func errClass(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "eof"
	}
	return "other"
}

// scrape reads the sampled series from a Prometheus text page.
func scrape(ctx context.Context, client *http.Client, u string) (Sample, error) {
	var s Sample
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return s, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return s, fmt.Errorf("load: metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("load: metrics: status %d", resp.StatusCode)
	}
	found := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if field, want := sampled[name]; ok && want {
			if v, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
				*field(&s) = v
				found++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return s, fmt.Errorf("load: metrics: %w", err)
	}
	if found < len(sampled)-1 { // process_* series exist on Linux only
		return s, fmt.Errorf("load: metrics: only %d of the %d series found", found, len(sampled))
	}
	return s, nil
}

// Margins of the verdict: what may grow after warm-up without a leak.
const (
	goroutineMargin = 10      // background lookups, the runtime's own
	heapFactor      = 1.5     // GC timing moves heap_inuse a lot
	heapSlack       = 8 << 20 // bytes, for small heaps
	rssSlack        = 32 << 20
)

func (r *Report) judge() {
	fail := func(format string, args ...any) { r.Failures = append(r.Failures, fmt.Sprintf(format, args...)) }
	if r.Sent == 0 {
		fail("no requests sent")
	}
	for name, n := range r.Unexpected {
		fail("%d %s requests got an unexpected status (%v)", n, name, r.Statuses[name])
	}
	if n := sum(r.Errors); n > 0 {
		fail("%d transport errors %v", n, r.Errors)
	}
	if r.Dropped > r.Sent/100 {
		fail("%d ticks dropped at the concurrency bound: ddgbot cannot keep up", r.Dropped)
	}
	if r.End.Goroutines > r.Start.Goroutines+goroutineMargin {
		fail("goroutines %.0f at the end, %.0f at the start", r.End.Goroutines, r.Start.Goroutines)
	}
	if r.Warm.At == 0 {
		return // too short to judge growth
	}
	if limit := max(r.Warm.HeapInuse*heapFactor, r.Warm.HeapInuse+heapSlack); r.Loaded.HeapInuse > limit {
		fail("heap in use grew from %s after warm-up to %s", mib(r.Warm.HeapInuse), mib(r.Loaded.HeapInuse))
	}
	if r.Warm.RSS > 0 && r.Loaded.RSS > r.Warm.RSS*heapFactor+rssSlack {
		fail("RSS grew from %s after warm-up to %s", mib(r.Warm.RSS), mib(r.Loaded.RSS))
	}
}

// Format writes the report as text.
func (r *Report) Format(w io.Writer) {
	o := r.Options
	fmt.Fprintf(w, "soak: %s at %.0f req/s against %s (warm-up %s)\n", r.Elapsed.Round(time.Second), o.Rate, o.Target, o.Warmup)
	fmt.Fprintf(w, "requests: %d sent, %d dropped at the concurrency bound of %d\n", r.Sent, r.Dropped, o.Concurrency)
	fmt.Fprintf(w, "%-13s %8s %-28s %10s %8s\n", "kind", "want", "statuses", "unexpected", "p99")
	for _, k := range kinds {
		st := r.Statuses[k.name]
		codes := make([]int, 0, len(st))
		for c := range st {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		var parts []string
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%d×%d", c, st[c]))
		}
		fmt.Fprintf(w, "%-13s %8d %-28s %10d %8s\n", k.name, k.want, strings.Join(parts, " "), r.Unexpected[k.name], r.Latency[k.name].Round(time.Millisecond))
	}
	fmt.Fprintf(w, "transport errors: %d %v\n", sum(r.Errors), r.Errors)
	fmt.Fprintf(w, "%-22s %10s %10s %10s %10s\n", "ddgbot", "start", "warm", "loaded", "end")
	row := func(name string, f func(Sample) string) {
		fmt.Fprintf(w, "%-22s %10s %10s %10s %10s\n", name, f(r.Start), f(r.Warm), f(r.Loaded), f(r.End))
	}
	row("goroutines", func(s Sample) string { return strconv.FormatFloat(s.Goroutines, 'f', 0, 64) })
	row("heap in use", func(s Sample) string { return mib(s.HeapInuse) })
	row("heap allocated", func(s Sample) string { return mib(s.HeapAlloc) })
	row("resident memory (RSS)", func(s Sample) string { return mib(s.RSS) })
	row("cache entries", func(s Sample) string { return strconv.FormatFloat(s.CacheEntries, 'f', 0, 64) })
	if r.Pass() {
		fmt.Fprintln(w, "verdict: PASS")
		return
	}
	fmt.Fprintln(w, "verdict: FAIL")
	for _, f := range r.Failures {
		fmt.Fprintln(w, "  -", f)
	}
}

func mib(b float64) string { return fmt.Sprintf("%.1fMiB", b/(1<<20)) }

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
