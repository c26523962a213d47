package session

import (
	"crypto/rand"
	"strconv"
	"strings"
	"time"
)

// Invite defaults and limits.
const (
	DefaultInviteTTL  = 7 * 24 * time.Hour
	MaxInviteTTL      = 365 * 24 * time.Hour
	DefaultInviteUses = 1
	MaxInviteUses     = 1000
)

// Invite is a code that lets an unknown key join with a role.
type Invite struct {
	Code      string // normalised: upper case, no separators
	Role      Role
	ExpiresAt time.Time
	UsesLeft  int
	CreatedBy int64 // 0 when the server or the operator made it
	CreatedAt time.Time
	Bootstrap bool      // the server's one-time admin invite
	GroupID   int64     // 0: no group
	GroupRole GroupRole // the role in that group
}

// InviteSpec is what the creator of an invite asks for; zero values mean
// the defaults.
type InviteSpec struct {
	Role Role
	Uses int
	TTL  time.Duration
}

func (sp *InviteSpec) normalise() error {
	if _, err := ParseRole(string(sp.Role)); err != nil {
		return err
	}
	if sp.Uses == 0 {
		sp.Uses = DefaultInviteUses
	}
	if sp.Uses < 1 || sp.Uses > MaxInviteUses {
		return Errorf(EInvalid, MsgUsesInvalid, MaxInviteUses)
	}
	if sp.TTL == 0 {
		sp.TTL = DefaultInviteTTL
	}
	if sp.TTL < time.Minute || sp.TTL > MaxInviteTTL {
		return Errorf(EInvalid, MsgExpiryInvalid)
	}
	return nil
}

// Usable reports why the invite cannot be redeemed at now, or nil.
func (inv *Invite) Usable(now time.Time) error {
	switch {
	case !now.Before(inv.ExpiresAt):
		return Errorf(EInvalid, MsgInviteExpired)
	case inv.UsesLeft < 1:
		return Errorf(EInvalid, MsgInviteUsedUp)
	}
	return nil
}

// codeAlphabet leaves out letters and digits that are easy to confuse when
// read aloud or typed on a phone (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

const codeLen = 12 // about 59 bits

// newInviteCode returns a random code, normalised.
func newInviteCode() string {
	buf := make([]byte, codeLen)
	out := make([]byte, codeLen)
	// Rejection sampling keeps every symbol equally likely.
	for i := 0; i < codeLen; {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on Go ≥1.24
		for _, b := range buf {
			if int(b) < 256-256%len(codeAlphabet) && i < codeLen {
				out[i] = codeAlphabet[int(b)%len(codeAlphabet)]
				i++
			}
		}
	}
	return string(out)
}

// NormaliseCode turns a code as a person typed it into its stored form:
// upper case without spaces or dashes.
func NormaliseCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r == '-' || r == ' ' || r == '\t' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatCode groups a code for reading: ABCD-EFGH-JKMN.
func FormatCode(code string) string {
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseTTL reads a duration such as "7d", "36h" or "90m".
func ParseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return 0, Errorf(EInvalid, MsgExpiryInvalid)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, Errorf(EInvalid, MsgExpiryInvalid)
	}
	return d, nil
}
