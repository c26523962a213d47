package tui

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// connLimiter is a token bucket per client IP for new connections, so that
// one address cannot flood the handshake (which costs CPU) or guess invite
// codes quickly.
type connLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newConnLimiter(perMinute, burst int) *connLimiter {
	return &connLimiter{rate: float64(perMinute) / 60, burst: float64(burst), buckets: map[string]*bucket{}}
}

// allow takes a token for ip; false means refuse the connection.
func (l *connLimiter) allow(ip string, now time.Time) bool {
	if l.rate <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buckets) > 10000 {
		l.prune(now)
	}
	b, ok := l.buckets[ip]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[ip] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// prune drops buckets that have refilled completely: they hold no state.
func (l *connLimiter) prune(now time.Time) {
	for ip, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, ip)
		}
	}
}

// registry tracks live SSH sessions, enforces the session caps and can
// reach every running program (to tell it the server is stopping).
type registry struct {
	mu           sync.Mutex
	max          int
	maxPerPerson int
	sessions     map[*liveSession]struct{}
	perPerson    map[int64]int
	refused      int
}

type liveSession struct {
	personID int64 // 0 for a key that has not joined
	program  *tea.Program
}

func newRegistry(max, maxPerPerson int) *registry {
	return &registry{max: max, maxPerPerson: maxPerPerson,
		sessions: map[*liveSession]struct{}{}, perPerson: map[int64]int{}}
}

// add registers a session, or returns the catalog key of the reason it
// may not start.
func (r *registry) add(personID int64) (*liveSession, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.max > 0 && len(r.sessions) >= r.max {
		r.refused++
		return nil, "server.full"
	}
	if personID != 0 && r.maxPerPerson > 0 && r.perPerson[personID] >= r.maxPerPerson {
		r.refused++
		return nil, "server.too_many_sessions"
	}
	s := &liveSession{personID: personID}
	r.sessions[s] = struct{}{}
	if personID != 0 {
		r.perPerson[personID]++
	}
	return s, ""
}

func (r *registry) remove(s *liveSession) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.sessions[s]; !ok {
		return
	}
	delete(r.sessions, s)
	if s.personID != 0 {
		if r.perPerson[s.personID]--; r.perPerson[s.personID] <= 0 {
			delete(r.perPerson, s.personID)
		}
	}
}

func (r *registry) setProgram(s *liveSession, p *tea.Program) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s.program = p
}

// count returns the number of live sessions.
func (r *registry) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sessions)
}

// broadcast sends msg to every running program. Each send runs in its own
// goroutine: Program.Send blocks until the program takes the message, and
// one stuck session must not hold up the others.
func (r *registry) broadcast(msg tea.Msg) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for s := range r.sessions {
		if p := s.program; p != nil {
			go p.Send(msg)
		}
	}
}
