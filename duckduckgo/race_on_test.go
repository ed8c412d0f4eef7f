//go:build race

package duckduckgo

// raceEnabled: the race detector multiplies memory and time, so the
// memory check does not run under it.
const raceEnabled = true
