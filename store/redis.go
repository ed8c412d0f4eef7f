package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/rueidis"
)

// Redis health: after failLimit consecutive failures (lost connections,
// timeouts), or one error reply, the store bypasses the server (every call
// returns ErrUnavailable at once) and writes a short-lived health key in
// the background every Options.Recheck; the first accepted write ends the
// bypass.
const (
	failLimit   = 3
	dialTimeout = time.Second
)

// Redis is a Store in a Redis server, shared by every replica using the
// same server and key prefix. Each operation is bounded by the timeout;
// a server that fails or stalls is bypassed (see ErrUnavailable) and
// checked in the background, so callers never wait for it longer than
// one timeout per operation, and only until the bypass starts.
type Redis struct {
	opt     rueidis.ClientOption
	prefix  string
	timeout time.Duration
	hooks   Hooks
	log     *slog.Logger
	recheck time.Duration

	client atomic.Pointer[rueidis.Client] // nil until connected

	mu     sync.Mutex
	fails  int  // consecutive failures
	bypass bool // calls return ErrUnavailable without asking the server
	closed bool // Close has begun: calls return ErrUnavailable for good
	ops    sync.WaitGroup
	kick   chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewRedis returns a Redis store for o.URL and connects in the background:
// until the first connection succeeds the store is bypassed. It returns an
// error only for a URL that cannot work.
func NewRedis(o Options) (*Redis, error) {
	opt, err := rueidis.ParseURL(o.URL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // it quotes the URL, password included
			err = ue.Err
		}
		return nil, fmt.Errorf("store: redis url: %w", err)
	}
	opt.DisableCache = true // no client-side caching: some managed servers refuse CLIENT TRACKING
	// Retry only what a restart leaves behind: the client keeps several
	// connections and picks one per command, and one the server's
	// restart broke goes unnoticed until a command meets it, possibly
	// after the health check succeeded on another. See retryBroken.
	opt.RetryDelay = retryBroken
	opt.Dialer.Timeout = dialTimeout
	opt.ConnWriteTimeout = 3 * time.Second // a stalled server's connection is dropped and redialled soon
	opt.ClientName = "ddgbot"
	// One address is one server: skip probing for a cluster, whose refresh
	// goroutine outlives a failed connection attempt.
	opt.ForceSingleClient = len(opt.InitAddress) == 1 && opt.Sentinel.MasterSet == ""
	if o.Timeout <= 0 {
		o.Timeout = 50 * time.Millisecond
	}
	if o.Recheck <= 0 {
		o.Recheck = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Redis{
		opt:     opt,
		prefix:  o.Prefix,
		timeout: o.Timeout,
		hooks:   o.Hooks,
		log:     o.Logger,
		recheck: o.Recheck,
		bypass:  true,
		kick:    make(chan struct{}, 1),
		ctx:     ctx,
		cancel:  cancel,
	}
	r.hook(true)
	r.wg.Add(1)
	go r.run()
	return r, nil
}

func (r *Redis) hook(on bool) {
	if r.hooks.Bypass != nil {
		r.hooks.Bypass(on)
	}
}

// run connects, then watches over the bypass until Close.
func (r *Redis) run() {
	defer r.wg.Done()
	for warned := false; ; {
		c, err := rueidis.NewClient(r.opt)
		if err == nil {
			r.client.Store(&c)
			break
		}
		if c != nil { // a single client is returned even when its dial failed
			c.Close()
		}
		if !warned {
			r.log.Warn("store: redis unreachable; running without it and retrying", slog.Any("error", err))
			warned = true
		}
		if !r.sleep(r.recheck) {
			return
		}
	}
	r.resume()
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-r.kick:
		}
		for r.bypassed() {
			if !r.sleep(r.recheck) {
				return
			}
			if r.ping() == nil {
				r.resume()
			}
		}
	}
}

func (r *Redis) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.ctx.Done():
		return false
	}
}

// brokenRetries is how many times a command is retried on a broken
// connection: once per connection the client may hold (it keeps up to
// 1<<2 for one server), each retry failing at once on a broken one or
// finding the one it replaced freshly dialled.
const brokenRetries = 4

// retryBroken is the client's RetryDelay: a command that met a connection
// the server closed (EOF, reset, closed pipe) is sent again at once, up to
// brokenRetries times, within the operation's deadline. A refused dial, a
// timeout or an error reply is not retried: those say the server is down,
// stalled or refusing, and the bypass handles them. The client retries
// only commands marked retryable: GET and the read-only Await script (it
// marks read-only commands), and the SETs of Set and the health check,
// which this package marks because writing the same value again is
// harmless. Lease (SET NX), the other scripts and DEL are not retried.
func retryBroken(attempts int, _ rueidis.Completed, err error) time.Duration {
	if attempts > brokenRetries || !broken(err) {
		return -1
	}
	return 0
}

// broken reports whether err means a connection that had worked was lost.
func broken(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed)
}

// ping checks that the server takes writes, not only that it answers: a
// server out of memory answers PING but refuses what the fleet writes.
func (r *Redis) ping() error {
	c := r.client.Load()
	ctx, cancel := context.WithTimeout(r.ctx, max(r.timeout, 100*time.Millisecond))
	defer cancel()
	return (*c).Do(ctx, (*c).B().Set().Key(r.k("health")).Value("1").PxMilliseconds(ms(r.recheck)).Build().ToRetryable()).Error()
}

func (r *Redis) bypassed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bypass
}

func (r *Redis) resume() {
	r.mu.Lock()
	was := r.bypass
	r.bypass, r.fails = false, 0
	r.mu.Unlock()
	if was {
		r.log.Info("store: using redis")
		r.hook(false)
	}
}

// Bypassed reports whether calls currently skip the server.
func (r *Redis) Bypassed() bool { return r.bypassed() }

// do runs f on the server with the operation timeout, unless the server is
// bypassed, and keeps the health record.
func (r *Redis) do(ctx context.Context, op string, f func(ctx context.Context, c rueidis.Client) error) error {
	r.mu.Lock()
	bypass, closed := r.bypass, r.closed
	if !bypass && !closed {
		r.ops.Add(1)
	}
	r.mu.Unlock()
	switch {
	case closed:
		return fmt.Errorf("%w: %s: closed", ErrUnavailable, op)
	case bypass:
		return fmt.Errorf("%w: %s: bypassed", ErrUnavailable, op)
	}
	defer r.ops.Done()
	c := r.client.Load()
	octx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := f(octx, *c)
	if err == nil || rueidis.IsRedisNil(err) {
		r.mu.Lock()
		r.fails = 0
		r.mu.Unlock()
		return err
	}
	if ctx.Err() != nil { // the caller gave up: not the server's fault
		return err
	}
	if r.hooks.Error != nil {
		r.hooks.Error(op)
	}
	// An error reply counts as much as a lost connection: a server out of
	// memory under noeviction (OOM), a read-only replica, a failed
	// snapshot (MISCONF) or a wrong password refuses every write, and the
	// fleet's pause, rate and leases are writes. Such a reply says how the
	// server is, not that one packet was lost, and reads in between would
	// reset a count: it starts the bypass at once. Callers then fall back
	// to their own limits instead of believing a pause or rate was kept.
	_, reply := rueidis.IsRedisErr(err)
	r.mu.Lock()
	r.fails++
	start := !r.bypass && (reply || r.fails >= failLimit)
	if start {
		r.bypass = true
	}
	r.mu.Unlock()
	if start {
		r.log.Warn("store: redis failing; bypassing it", slog.Any("error", err))
		r.hook(true)
		select {
		case r.kick <- struct{}{}:
		default:
		}
	}
	return fmt.Errorf("%w: %s: %w", ErrUnavailable, op, err)
}

func (r *Redis) k(key string) string { return r.prefix + key }

// Get implements Store.
func (r *Redis) Get(ctx context.Context, key string) (val []byte, ok bool, err error) {
	err = r.do(ctx, "get", func(ctx context.Context, c rueidis.Client) error {
		var err error
		val, err = c.Do(ctx, c.B().Get().Key(r.k(key)).Build()).AsBytes()
		return err
	})
	if rueidis.IsRedisNil(err) {
		return nil, false, nil
	}
	return val, err == nil, err
}

// Set implements Store.
func (r *Redis) Set(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	if ttl <= 0 {
		return ErrInvalid
	}
	return r.do(ctx, "set", func(ctx context.Context, c rueidis.Client) error {
		// Retryable: writing the same value again is harmless.
		return c.Do(ctx, c.B().Set().Key(r.k(key)).Value(rueidis.BinaryString(val)).PxMilliseconds(ms(ttl)).Build().ToRetryable()).Error()
	})
}

// Delete implements Store.
func (r *Redis) Delete(ctx context.Context, key string) error {
	return r.do(ctx, "delete", func(ctx context.Context, c rueidis.Client) error {
		return c.Do(ctx, c.B().Del().Key(r.k(key)).Build()).Error()
	})
}

// Lease implements Store.
func (r *Redis) Lease(ctx context.Context, key string, ttl time.Duration) (token string, ok bool, err error) {
	if ttl <= 0 {
		return "", false, ErrInvalid
	}
	token = newToken()
	err = r.do(ctx, "lease", func(ctx context.Context, c rueidis.Client) error {
		return c.Do(ctx, c.B().Set().Key(r.k(key)).Value(token).Nx().PxMilliseconds(ms(ttl)).Build()).Error()
	})
	switch {
	case rueidis.IsRedisNil(err):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return token, true, nil
}

// Renew implements Store.
func (r *Redis) Renew(ctx context.Context, key, token string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, ErrInvalid
	}
	var n int64
	err := r.do(ctx, "renew", func(ctx context.Context, c rueidis.Client) error {
		var err error
		n, err = renewScript.Exec(ctx, c, []string{r.k(key)}, []string{token, itoa(ms(ttl))}).AsInt64()
		return err
	})
	return n == 1, err
}

// Release implements Store.
func (r *Redis) Release(ctx context.Context, key, token string) error {
	return r.do(ctx, "release", func(ctx context.Context, c rueidis.Client) error {
		return releaseScript.Exec(ctx, c, []string{r.k(key)}, []string{token}).Error()
	})
}

// Await implements Store by asking after poll (default 10ms), then ever
// less often, up to every 8 polls: a waiter may watch a slow lookup for
// seconds. Each ask is bounded by the operation timeout.
func (r *Redis) Await(ctx context.Context, key, lease string, poll time.Duration) ([]byte, bool, error) {
	if poll <= 0 {
		poll = 10 * time.Millisecond
	}
	every := poll
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, false, ctx.Err()
		case <-t.C:
		}
		var res []rueidis.RedisMessage
		err := r.do(ctx, "await", func(ctx context.Context, c rueidis.Client) error {
			var err error
			res, err = awaitScript.Exec(ctx, c, []string{r.k(key), r.k(lease)}, nil).ToArray()
			return err
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, false, ctx.Err()
			}
			return nil, false, err
		}
		if len(res) != 2 {
			return nil, false, fmt.Errorf("store: redis await: %d results", len(res))
		}
		if found, _ := res[0].AsInt64(); found == 1 {
			v, err := res[1].AsBytes()
			return v, err == nil, err
		}
		if held, _ := res[1].AsInt64(); held == 0 {
			return nil, false, nil
		}
		t.Reset(every)
		every = min(every*2, 8*poll)
	}
}

// Pause implements Store.
func (r *Redis) Pause(ctx context.Context, key string, d time.Duration) error {
	if d <= 0 {
		return ErrInvalid
	}
	return r.do(ctx, "pause", func(ctx context.Context, c rueidis.Client) error {
		return pauseScript.Exec(ctx, c, []string{r.k(key), r.k(probeKey(key))},
			[]string{itoa(ms(d)), itoa(ms(pauseLife(d)))}).Error()
	})
}

// Gate implements Store.
func (r *Redis) Gate(ctx context.Context, key string, probeTTL time.Duration) (GateState, time.Duration, error) {
	if probeTTL <= 0 {
		return GateClosed, 0, ErrInvalid
	}
	var res []int64
	err := r.do(ctx, "gate", func(ctx context.Context, c rueidis.Client) error {
		var err error
		res, err = gateScript.Exec(ctx, c, []string{r.k(key), r.k(probeKey(key))}, []string{itoa(ms(probeTTL))}).AsIntSlice()
		return err
	})
	if err != nil {
		return GateClosed, 0, err
	}
	if len(res) != 2 {
		return GateClosed, 0, fmt.Errorf("store: redis gate: %d results", len(res))
	}
	return GateState(res[0]), time.Duration(res[1]) * time.Millisecond, nil
}

// Resume implements Store.
func (r *Redis) Resume(ctx context.Context, key string) error {
	return r.do(ctx, "resume", func(ctx context.Context, c rueidis.Client) error {
		return c.Do(ctx, c.B().Del().Key(r.k(key), r.k(probeKey(key))).Build()).Error()
	})
}

// Allow implements Store with Redis' clock, so every replica counts
// against the same limit whatever its own clock says.
func (r *Redis) Allow(ctx context.Context, key string, rate float64, burst int) (time.Duration, error) {
	interval, tolerance, err := gcraParams(rate, burst)
	if err != nil {
		return 0, err
	}
	var wait int64
	err = r.do(ctx, "allow", func(ctx context.Context, c rueidis.Client) error {
		var err error
		wait, err = gcraScript.Exec(ctx, c, []string{r.k(key)},
			[]string{itoa(max(interval.Microseconds(), 1)), itoa(tolerance.Microseconds())}).AsInt64()
		return err
	})
	if err != nil {
		return 0, err
	}
	return time.Duration(wait) * time.Microsecond, nil
}

// Close stops the background work, waits for the operations under way
// (each bounded by the timeout) and closes the connections; every call
// after it returns ErrUnavailable. Waiting matters: a connection the
// client is still dialling when it is closed would stay open and carry
// later calls (rueidis stores a freshly dialled connection without
// checking for Close), so a replica shutting down would go on renewing
// its leases.
func (r *Redis) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	r.wg.Wait()
	r.ops.Wait()
	if c := r.client.Load(); c != nil {
		(*c).Close()
	}
}

// ms rounds d up to whole milliseconds, at least 1.
func ms(d time.Duration) int64 {
	return max(int64((d+time.Millisecond-1)/time.Millisecond), 1)
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
