// Package instant holds the vocabulary every part of ddgbot speaks: an
// Instant Answer as DuckDuckGo returns it (Answer, Topic, Decode), the
// Suggestion built from it, and Normalize, the folding of a question into
// the form used as cache key and sent upstream. It does no I/O and imports
// nothing of the project, so the pure packages (understanding, safety,
// suggestion building) depend on it and not on the HTTP client.
package instant
