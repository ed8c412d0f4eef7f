// Package duckduckgo talks to the DuckDuckGo Instant Answer API.
//
// It holds four layers, each usable on its own:
//
//   - Compact: the bounded copy of an instant.Answer that is cached.
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
//   - Shared: a Fetcher between Service and Client for several replicas
//     on one store (Redis): a second cache level, one upstream request
//     per question across the fleet, a fleet-wide pause after throttling
//     and an optional fleet-wide rate. Store trouble only turns sharing
//     off; the Service learns through FetchShared which answers came from
//     the store and which calls the fleet refused.
//
// The package defaults agree with config.yaml.
package duckduckgo
