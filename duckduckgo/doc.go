// Package duckduckgo talks to the DuckDuckGo Instant Answer API.
//
// It holds three layers, each usable on its own:
//
//   - Answer and Decode: the part of an API response ddgbot uses, decoded
//     tolerantly (fields that change JSON type are left out), and
//     Answer.Compact, the bounded copy that is cached.
//   - Client: one lookup with short retries of connection errors and 5xx
//     (never of throttling), no cache. Errors wrap the sentinels of
//     errors.go and never contain the URL or the question.
//   - Service: the lookup a request handler calls. A cache bounded by
//     entries and bytes (stale entries served while the API fails), one
//     upstream request per distinct question in flight, bounds on upstream
//     concurrency and pending work, and a circuit breaker fed only by the
//     API's own failures. Lookups finish in the background, so a caller's
//     deadline never cuts a request short; what a lookup did is reported
//     as two outcome streams, cache and upstream (ServiceOptions).
//
// The package defaults agree with config.yaml.
package duckduckgo
