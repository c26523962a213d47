package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	gossh "golang.org/x/crypto/ssh"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
)

// benchTemplate is the template every bench group is made from. Its first
// meeting has 8 items; the facilitators sweep back and forth over them.
const benchTemplate = "mentor-group"

// benchRoom is one live meeting of the bench: its facilitator first, then
// its members.
type benchRoom struct {
	meeting int64
	items   int // agenda items
	clients []*benchClient
	// nodes[i] is the node (an index into the bench's addresses) clients[i]
	// connects to: spread so that each room has people on every node.
	nodes []int

	cur int // the current item (0-based) the bench expects
	dir int // +1 or -1: which way the next advance goes
}

func (r *benchRoom) facilitator() *benchClient { return r.clients[0] }

// next is the key the facilitator presses to move on, and the item number
// (1-based, as the agenda shows it) that everyone should then see.
func (r *benchRoom) next() (key string, item int) {
	if r.items < 2 {
		return "", 0
	}
	if r.cur+r.dir < 0 || r.cur+r.dir >= r.items {
		r.dir = -r.dir
	}
	r.cur += r.dir
	if r.dir > 0 {
		return "n", r.cur + 1
	}
	return "b", r.cur + 1
}

// newBenchKey is a fresh ed25519 key for one bench person.
func newBenchKey() (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return gossh.NewSignerFromKey(priv)
}

// spread puts the room's people on n nodes in turn, starting at node
// first, so that a facilitator and their participants are on different
// nodes and the fan-out crosses them.
func (r *benchRoom) spread(n, first int) {
	r.nodes = make([]int, len(r.clients))
	for i := range r.clients {
		r.nodes[i] = (first + i) % max(n, 1)
	}
}

// crossNode reports whether clients[i] is on another node than the
// facilitator.
func (r *benchRoom) crossNode(i int) bool {
	return r.nodes != nil && r.nodes[i] != r.nodes[0]
}

// benchSetup fills the database at target (a SQLite file or a postgres://
// address, opened as the server opens it) with the bench's people and groups:
// clients people in rooms groups made from benchTemplate, one facilitator
// each and the rest members, spread as evenly as the numbers allow. When
// start is set the first meeting of each group is started here too (the
// server, started afterwards, restores the live rooms); otherwise the
// caller starts them on the running server.
func benchSetup(ctx context.Context, target string, clients, rooms int, start bool) ([]*benchRoom, error) {
	db, err := storage.Open(ctx, target)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	svc, err := session.NewService(db)
	if err != nil {
		return nil, err
	}
	op := session.Operator()

	// join makes a person with a new key through an invite, as redeeming
	// it over SSH would.
	join := func(code, name string) (*benchClient, session.Actor, error) {
		key, err := newBenchKey()
		if err != nil {
			return nil, session.Actor{}, err
		}
		actor, err := svc.Identify(ctx, gossh.FingerprintSHA256(key.PublicKey()))
		if err != nil {
			return nil, actor, err
		}
		p, err := svc.Redeem(ctx, actor, session.RedeemRequest{Code: code, Name: name, Lang: string(session.LangEN), KeyType: key.PublicKey().Type()})
		if err != nil {
			return nil, actor, fmt.Errorf("redeem %s: %w", name, err)
		}
		actor.Person = p
		return &benchClient{key: key, name: name}, actor, nil
	}

	out := make([]*benchRoom, rooms)
	for r := range rooms {
		size := clients / rooms
		if r < clients%rooms {
			size++
		}
		inv, err := svc.CreateInvite(ctx, op, session.InviteSpec{Role: session.RoleFacilitator})
		if err != nil {
			return nil, err
		}
		fac, actor, err := join(inv.Code, fmt.Sprintf("Bench %d", r+1))
		if err != nil {
			return nil, err
		}
		fac.facilitator = true
		g, err := svc.CreateGroup(ctx, actor, benchTemplate, fmt.Sprintf("Bench %d", r+1))
		if err != nil {
			return nil, err
		}
		meetings, err := svc.Meetings(ctx, actor, g.ID)
		if err != nil {
			return nil, err
		}
		if len(meetings) == 0 {
			return nil, fmt.Errorf("template %s: no meetings", benchTemplate)
		}
		first := meetings[0]
		for _, m := range meetings {
			if m.Number < first.Number {
				first = m
			}
		}
		_, items, err := svc.Meeting(ctx, actor, first.ID)
		if err != nil {
			return nil, err
		}
		room := &benchRoom{meeting: first.ID, items: len(items), dir: 1, clients: []*benchClient{fac}}
		for left := size - 1; left > 0; {
			uses := min(left, session.MaxInviteUses)
			inv, err := svc.CreateGroupInvite(ctx, actor, g.ID, session.GroupMentor, uses, 0)
			if err != nil {
				return nil, err
			}
			for range uses {
				c, member, err := join(inv.Code, fmt.Sprintf("Bench %d.%d", r+1, len(room.clients)))
				if err != nil {
					return nil, err
				}
				// The group opens once its agreement is accepted.
				if err := svc.AcknowledgeAgreement(ctx, member, g.ID, 1); err != nil {
					return nil, err
				}
				room.clients = append(room.clients, c)
			}
			left -= uses
		}
		for _, c := range room.clients {
			c.room = room
		}
		if start {
			if _, err := svc.StartMeeting(ctx, actor, first.ID); err != nil {
				return nil, err
			}
		}
		out[r] = room
	}
	return out, nil
}
