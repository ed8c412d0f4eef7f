//go:build !race

package duckduckgo

const raceEnabled = false
