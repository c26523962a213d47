// Command benchbare is the bare stack `piiri-bench --bare` measures beside
// piiri: a minimal wish + bubbletea program, as upstream ships them (its
// own module, so piiri's patched bubbletea does not reach it), at 20
// frames a second like piiri before the patch. `ssh -t HOST join N` shows
// an agenda of numbered items; n and b move room N's current item for
// everyone in it. It prints the same lines as `piiri serve` that the bench
// reads, and serves benchstat.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/ssh"

	"github.com/piiri/piiri/cmd/piiri/benchstat"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "")
	hostKey := flag.String("hostkey", "benchbare_host_key", "")
	flag.Parse()
	rooms := &rooms{m: map[string]*room{}}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(*hostKey),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(bubbletea.MiddlewareWithProgramHandler(func(s ssh.Session) *tea.Program {
			r := rooms.get(strings.Join(s.Command(), " "))
			m := &model{room: r, item: r.current()}
			p := tea.NewProgram(m, append(bubbletea.MakeOptions(s), tea.WithFPS(20))...)
			r.add(p)
			go func() { <-s.Context().Done(); r.remove(p) }()
			return p
		})),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := benchstat.Listen(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("piiri is listening on %s (bare stack)\n", l.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { _ = srv.Serve(l) }()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	_ = srv.Close()
}

// rooms are the programs of each `join N`, and the item they show.
type rooms struct {
	mu sync.Mutex
	m  map[string]*room
}

func (rs *rooms) get(name string) *room {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := rs.m[name]
	if r == nil {
		r = &room{progs: map[*tea.Program]bool{}}
		rs.m[name] = r
	}
	return r
}

type room struct {
	mu    sync.Mutex
	item  int
	progs map[*tea.Program]bool
}

func (r *room) current() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.item
}

func (r *room) add(p *tea.Program) {
	r.mu.Lock()
	r.progs[p] = true
	r.mu.Unlock()
}

func (r *room) remove(p *tea.Program) {
	r.mu.Lock()
	delete(r.progs, p)
	r.mu.Unlock()
}

// move changes the item and tells every program; it runs on its own
// goroutine, never inside Update.
func (r *room) move(by int) {
	r.mu.Lock()
	r.item = max(r.item+by, 0)
	item := r.item
	progs := make([]*tea.Program, 0, len(r.progs))
	for p := range r.progs {
		progs = append(progs, p)
	}
	r.mu.Unlock()
	for _, p := range progs {
		go p.Send(itemMsg(item))
	}
}

type itemMsg int

type model struct {
	room *room
	item int
}

func (m *model) Init() tea.Cmd { return nil }

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case itemMsg:
		m.item = int(msg)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "n":
			go m.room.move(1)
		case "b":
			go m.room.move(-1)
		case "q", "ctrl+c":
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *model) View() tea.View {
	var b strings.Builder
	b.WriteString("● live   agenda\n\n")
	for i := range max(10, m.item+1) {
		mark := "  "
		if i == m.item {
			mark = "▶ "
		}
		b.WriteString(mark + strconv.Itoa(i+1) + " agenda item " + strconv.Itoa(i+1) + "\n")
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}
