//go:build race

package handlers_test

// raceEnabled: the race detector multiplies memory and time, so the
// memory check does not run under it.
const raceEnabled = true
