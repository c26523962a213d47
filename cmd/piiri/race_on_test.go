//go:build race

package main

// raceDetector: the race detector slows every goroutine several times over,
// so time budgets measured by tests are scaled while it runs.
const raceDetector = true
