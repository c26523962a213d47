package session

import "time"

// TokenBucket is the one rate limiter both the room (messages per person)
// and the SSH server (connections per address) use. The zero value is full.
// It holds no lock: its owner guards it.
type TokenBucket struct {
	tokens float64
	last   time.Time
}

// Take spends a token if one is left; rate per second, burst at most.
func (b *TokenBucket) Take(now time.Time, rate, burst float64) bool {
	b.tokens = b.level(now, rate, burst)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Full says whether the bucket has refilled to burst by now: a full bucket
// holds no state and may be dropped.
func (b *TokenBucket) Full(now time.Time, rate, burst float64) bool {
	return b.level(now, rate, burst) >= burst
}

// level is the tokens there would be at now.
func (b *TokenBucket) level(now time.Time, rate, burst float64) float64 {
	if b.last.IsZero() {
		return burst
	}
	return min(burst, b.tokens+now.Sub(b.last).Seconds()*rate)
}
