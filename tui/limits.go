package tui

import (
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
)

// connLimiter is a token bucket per client IP for new connections, so that
// one address cannot flood the handshake (which costs CPU) or guess invite
// codes quickly.
type connLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*session.TokenBucket
}

func newConnLimiter(perMinute, burst int) *connLimiter {
	return &connLimiter{rate: float64(perMinute) / 60, burst: float64(burst), buckets: map[string]*session.TokenBucket{}}
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
		b = &session.TokenBucket{}
		l.buckets[ip] = b
	}
	return b.Take(now, l.rate, l.burst)
}

// prune drops buckets that have refilled completely: they hold no state.
func (l *connLimiter) prune(now time.Time) {
	for ip, b := range l.buckets {
		if b.Full(now, l.rate, l.burst) {
			delete(l.buckets, ip)
		}
	}
}

// The largest terminal a program draws for. A client may ask for any size;
// each cell costs the renderer memory (about 280 B), so larger requests
// get this much and the rest of their screen stays empty.
const (
	MaxWidth  = 400
	MaxHeight = 200
)

// clampWindow bounds a requested terminal size to MaxWidth×MaxHeight.
func clampWindow(w, h int) (int, int) {
	return min(max(w, 0), MaxWidth), min(max(h, 0), MaxHeight)
}

// MaxCommandLen is the longest command line (`ssh HOST CMD`) read at all:
// splitting one into words costs time quadratic in its length.
const MaxCommandLen = 4096

// gate counts, per client address, the handshakes not yet finished and
// the refusal handshakes in flight. Unfinished handshakes are what an
// address can make the server spend without a key; finished connections
// cost little and are not limited, so that an office behind one NAT
// address gets in.
type gate struct {
	mu            sync.Mutex
	maxHandshakes int // per address
	maxRefusals   int // per address: refused clients that are told why
	handshakes    map[string]int
	refusals      map[string]int
}

func newGate(maxHandshakes, maxRefusals int) *gate {
	return &gate{maxHandshakes: maxHandshakes, maxRefusals: maxRefusals,
		handshakes: map[string]int{}, refusals: map[string]int{}}
}

// admission is what a new connection gets.
type admission int

const (
	admitted     admission = iota
	refusedTold            // refused, but gets a handshake whose banner says why
	refusedQuiet           // refused with a line before the version string only
)

// enter decides on a new connection from ip; refused says whether another
// limit (the connection rate) already turned it away. leave must be
// called once when the connection finishes its handshake or closes.
func (g *gate) enter(ip string, refused bool) (admission, func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !refused && (g.maxHandshakes <= 0 || g.handshakes[ip] < g.maxHandshakes) {
		g.handshakes[ip]++
		return admitted, g.leaver(g.handshakes, ip)
	}
	if g.refusals[ip] < g.maxRefusals {
		g.refusals[ip]++
		return refusedTold, g.leaver(g.refusals, ip)
	}
	return refusedQuiet, func() {}
}

// leaver returns a function that gives back ip's place in counts once.
func (g *gate) leaver(counts map[string]int, ip string) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if counts[ip]--; counts[ip] <= 0 {
				delete(counts, ip)
			}
		})
	}
}

// connSessions counts one SSH connection's open session channels.
type connSessions struct {
	mu sync.Mutex
	n  int
}

// open takes a place for a session channel unless max are open.
func (c *connSessions) open(max int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if max > 0 && c.n >= max {
		return false
	}
	c.n++
	return true
}

func (c *connSessions) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
}

// registry tracks live SSH sessions, enforces the session caps and can
// reach every running program (to tell it the server is stopping).
// Sessions of keys that have not joined share a small pool of their own,
// in total and per address, so that strangers can never take the places
// of people who have joined.
type registry struct {
	mu         sync.Mutex
	limits     sessionLimits
	sessions   map[*liveSession]struct{}
	perPerson  map[int64]int
	unjoined   int
	unjoinedAt map[string]int // per client address
	refused    int
}

// sessionLimits are the registry's caps; 0 means no cap.
type sessionLimits struct {
	max, perPerson, unjoined, unjoinedPerAddr int
}

type liveSession struct {
	personID int64  // 0 for a key that has not joined
	addr     string // client address, for the unjoined pool
	program  *tea.Program
	stop     func() // a session without a program (the line mode): how to end it
}

func newRegistry(l sessionLimits) *registry {
	return &registry{limits: l, sessions: map[*liveSession]struct{}{},
		perPerson: map[int64]int{}, unjoinedAt: map[string]int{}}
}

// add registers a session, or returns the catalog key of the reason it
// may not start.
func (r *registry) add(personID int64, addr string) (*liveSession, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if refusal := r.refusal(personID, addr); refusal != "" {
		r.refused++
		return nil, refusal
	}
	s := &liveSession{personID: personID, addr: addr}
	r.sessions[s] = struct{}{}
	r.count(s, 1)
	return s, ""
}

// refusal is the reason a new session may not start, or "".
func (r *registry) refusal(personID int64, addr string) string {
	l := r.limits
	switch {
	case l.max > 0 && len(r.sessions) >= l.max:
		return "server.full"
	case personID != 0 && l.perPerson > 0 && r.perPerson[personID] >= l.perPerson:
		return "server.too_many_sessions"
	case personID == 0 && l.unjoined > 0 && r.unjoined >= l.unjoined:
		return "server.unjoined_full"
	case personID == 0 && l.unjoinedPerAddr > 0 && r.unjoinedAt[addr] >= l.unjoinedPerAddr:
		return "server.unjoined_full"
	}
	return ""
}

// count adds d to the counters s belongs to.
func (r *registry) count(s *liveSession, d int) {
	if s.personID != 0 {
		if r.perPerson[s.personID] += d; r.perPerson[s.personID] <= 0 {
			delete(r.perPerson, s.personID)
		}
		return
	}
	r.unjoined += d
	if r.unjoinedAt[s.addr] += d; r.unjoinedAt[s.addr] <= 0 {
		delete(r.unjoinedAt, s.addr)
	}
}

// joined moves a session whose key has just joined out of the unjoined
// pool: it is now one of the person's sessions.
func (r *registry) joined(s *liveSession, personID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.sessions[s]; !ok || s.personID != 0 {
		return
	}
	r.count(s, -1)
	s.personID = personID
	r.count(s, 1)
}

func (r *registry) remove(s *liveSession) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.sessions[s]; !ok {
		return
	}
	delete(r.sessions, s)
	r.count(s, -1)
}

func (r *registry) setProgram(s *liveSession, p *tea.Program) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s.program = p
}

// setStop records how broadcast ends a session that has no program.
func (r *registry) setStop(s *liveSession, stop func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s.stop = stop
}

// size returns the number of live sessions.
func (r *registry) size() int {
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
		} else if s.stop != nil {
			go s.stop() // the only message broadcast is ShutdownMsg
		}
	}
}
