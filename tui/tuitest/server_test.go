package tuitest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// testServer is a tiny wish server: PTY sessions get testModel, other
// sessions run one of the commands in runCommand.
type testServer struct {
	addr string

	mu      sync.Mutex
	offered []string // fingerprints of every key the server was asked about
}

func (s *testServer) offeredKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.offered)
}

func startServer(t *testing.T) *testServer {
	t.Helper()
	ts := &testServer{}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(filepath.Join(t.TempDir(), "host_ed25519")),
		wish.WithPublicKeyAuth(func(_ ssh.Context, key ssh.PublicKey) bool {
			ts.mu.Lock()
			ts.offered = append(ts.offered, gossh.FingerprintSHA256(key))
			ts.mu.Unlock()
			return true
		}),
		wish.WithMiddleware(
			bm.Middleware(func(s ssh.Session) (tea.Model, []tea.ProgramOption) {
				return newTestModel(s), nil
			}),
			// Last is outermost: sessions without a PTY never reach bubbletea.
			func(next ssh.Handler) ssh.Handler {
				return func(s ssh.Session) {
					if _, _, ok := s.Pty(); ok {
						next(s)
						return
					}
					runCommand(s)
				}
			},
		),
	)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = l.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return ts
}

func runCommand(s ssh.Session) {
	args := s.Command()
	if len(args) == 0 {
		fmt.Fprintln(s.Stderr(), "no command")
		_ = s.Exit(2)
		return
	}
	switch args[0] {
	case "echo":
		fmt.Fprintln(s, strings.Join(args[1:], " "))
	case "fail":
		fmt.Fprintln(s, "to stdout")
		fmt.Fprintln(s.Stderr(), "to stderr")
		_ = s.Exit(3)
	case "whoami":
		fmt.Fprintln(s, gossh.FingerprintSHA256(s.PublicKey()))
	case "cat":
		_, _ = io.Copy(s, s)
	case "env":
		fmt.Fprintln(s, strings.Join(s.Environ(), "\n"))
	case "drop": // close the channel without an exit status
		fmt.Fprintln(s, "bye")
		_ = s.Close()
	default:
		fmt.Fprintf(s.Stderr(), "unknown command %q\n", args[0])
		_ = s.Exit(127)
	}
}

// testModel shows what it knows about its session and what was typed.
type testModel struct {
	lang, cmd string
	w, h      int
	typed     string
	lastKey   string
}

func newTestModel(s ssh.Session) testModel {
	m := testModel{cmd: strings.Join(s.Command(), " ")}
	for _, kv := range s.Environ() {
		if v, ok := strings.CutPrefix(kv, "LANG="); ok {
			m.lang = v
		}
	}
	return m
}

func (m testModel) Init() tea.Cmd { return nil }

func (m testModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		m.lastKey = msg.String()
		switch msg.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		case "backspace":
			if r := []rune(m.typed); len(r) > 0 {
				m.typed = string(r[:len(r)-1])
			}
		case "enter":
			m.typed += "|"
		default:
			m.typed += msg.Text
		}
	}
	return m, nil
}

func (m testModel) View() tea.View {
	var b strings.Builder
	fmt.Fprintf(&b, "tuitest model\n")
	fmt.Fprintf(&b, "size %dx%d\n", m.w, m.h)
	fmt.Fprintf(&b, "lang %s\n", m.lang)
	fmt.Fprintf(&b, "cmd %s\n", m.cmd)
	fmt.Fprintf(&b, "key %s\n", m.lastKey)
	fmt.Fprintf(&b, "typed [%s] end\n", m.typed)
	fmt.Fprintf(&b, "wide: 日本語 ok\n")
	// A line that reaches the last column, to catch width mistakes.
	fmt.Fprintf(&b, "%s|", strings.Repeat("-", max(m.w-1, 0)))
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}
