// Package vtscreen is the terminal the test harness (tui/tuitest) and the
// load generator (cmd/piiri-bench) read the TUI through: the
// github.com/charmbracelet/x/vt emulator, set up as the modern terminal
// piiri's users have, with a frame drawn under synchronized output never
// seen half drawn.
//
// x/vt understands everything bubbletea v2 and ultraviolet send (kitty
// keyboard and modifyOtherKeys sequences, REP, DECRQM, OSC strings, runes
// split over two reads), so nothing is rewritten on the way in. Two things
// are set up here:
//
//   - Modes 2026 (synchronized output) and 2027 (grapheme widths) are
//     declared, off. bubbletea asks for them (DECRQM) and then draws each
//     frame between CSI ? 2026 h and l, and measures widths by grapheme
//     cluster: x/vt always does (an emoji with VS16 or a skin tone is two
//     columns), so the server's model of the screen and the emulator agree.
//   - Synchronized output is honoured: while a frame is being drawn, [Screen.Text]
//     and [Screen.Underlined] show the screen as it was when the frame began.
//
// The kitty keyboard query (CSI ? u) is left unanswered, as x/vt does, so
// bubbletea reads keys in the legacy encoding the harness sends.
package vtscreen

import (
	"bytes"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// Screen is a terminal emulator for one session. It is not safe for
// concurrent use, except that [Screen.Read] may run in a goroutine of its
// own (it must: a query's answer blocks [Screen.Write] until it is read).
type Screen struct {
	vt    *vt.Emulator
	title string
	// keep: remember the screen at the start of each frame, so that Text
	// never shows half of one. The bench looks only between frames and
	// saves the copying.
	keep    bool
	syncing bool   // a frame is being drawn
	frame   string // Text when the frame began
	under   string // Underlined when the frame began
	// copyAtStart: copy the screen when a frame starts; Write turns it
	// off for frames that also end in what it writes.
	copyAtStart bool
}

// New is a cols×rows screen. With keepFrame, Text and Underlined show the
// last whole frame while the next one is drawn; without it the caller asks
// [Screen.Drawing] and looks only in between.
func New(cols, rows int, keepFrame bool) *Screen {
	s := &Screen{vt: vt.NewEmulator(cols, rows), keep: keepFrame}
	s.vt.SetCallbacks(vt.Callbacks{
		Title: func(t string) { s.title = t },
		EnableMode: func(m ansi.Mode) {
			if m == ansi.ModeSynchronizedOutput && !s.syncing {
				if s.copyAtStart {
					s.keepFrame()
				}
				s.syncing = true
			}
		},
		DisableMode: func(m ansi.Mode) {
			if m == ansi.ModeSynchronizedOutput {
				s.syncing = false
			}
		},
	})
	// Recognised and reset is what DECRQM reports for a mode the terminal
	// has: these two are what bubbletea asks for.
	_, _ = s.vt.WriteString(ansi.ResetModeSynchronizedOutput + ansi.ResetModeUnicodeCore)
	return s
}

// Write renders output from the program. A query in it is answered on
// [Screen.Read], and Write waits until that answer has been read.
func (s *Screen) Write(p []byte) (int, error) {
	if !s.keep {
		return s.vt.Write(p)
	}
	// The screen is read between writes only, so a frame that starts and
	// ends within p needs no copy: only the last one, if it stays open.
	last := bytes.LastIndex(p, []byte(ansi.SetModeSynchronizedOutput))
	if last < 0 {
		s.copyAtStart = true // a frame whose start was split over two writes
		return s.vt.Write(p)
	}
	s.copyAtStart = false
	_, _ = s.vt.Write(p[:last])
	if !s.syncing && !bytes.Contains(p[last:], []byte(ansi.ResetModeSynchronizedOutput)) {
		s.keepFrame()
	}
	_, _ = s.vt.Write(p[last:])
	return len(p), nil
}

// keepFrame copies what Text and Underlined show while a frame is drawn.
func (s *Screen) keepFrame() { s.frame, s.under = s.text(), s.underlined() }

// Read returns the terminal's answers to the program's queries (cursor
// position, modes, colours, device attributes), to be sent back as input.
// It returns io.EOF after [Screen.Close].
func (s *Screen) Read(p []byte) (int, error) { return s.vt.Read(p) }

// Close ends [Screen.Read]; the screen still renders what is written.
func (s *Screen) Close() {
	// Closing the answers' pipe rather than the emulator: Emulator.Close
	// sets a flag Read checks, a data race with the goroutine in Read.
	if c, ok := s.vt.InputPipe().(io.Closer); ok {
		_ = c.Close()
	}
}

// Resize changes the screen's size.
func (s *Screen) Resize(cols, rows int) { s.vt.Resize(cols, rows) }

// Size is the screen's size.
func (s *Screen) Size() (cols, rows int) { return s.vt.Width(), s.vt.Height() }

// Drawing reports whether a frame is being drawn under synchronized
// output: the cells are then half old, half new.
func (s *Screen) Drawing() bool { return s.syncing }

// Title is the window title the program set.
func (s *Screen) Title() string { return s.title }

// Text is the visible screen: one line per row, trailing spaces removed,
// joined by "\n".
func (s *Screen) Text() string {
	if s.syncing && s.keep {
		return s.frame
	}
	return s.text()
}

func (s *Screen) text() string {
	cols, rows := s.Size()
	lines := make([]string, rows)
	var line strings.Builder
	for y := range rows {
		line.Reset()
		for x := range cols {
			c := s.vt.CellAt(x, y)
			switch {
			case c == nil || c.IsZero(): // the second column of a wide character
			case c.Content == "":
				line.WriteByte(' ')
			default:
				line.WriteString(c.Content)
			}
		}
		lines[y] = strings.TrimRight(line.String(), " ")
	}
	return strings.Join(lines, "\n")
}

// Underlined is the underlined text on the screen, each run of underlined
// cells on a line of its own: what a screen highlights that way.
func (s *Screen) Underlined() string {
	if s.syncing && s.keep {
		return s.under
	}
	return s.underlined()
}

func (s *Screen) underlined() string {
	cols, rows := s.Size()
	var runs []string
	var run strings.Builder
	end := func() {
		if run.Len() > 0 {
			runs = append(runs, run.String())
			run.Reset()
		}
	}
	for y := range rows {
		for x := range cols {
			c := s.vt.CellAt(x, y)
			switch {
			case c == nil || c.IsZero():
			case c.Style.Underline != ansi.UnderlineNone && strings.TrimSpace(c.Content) != "":
				run.WriteString(c.Content)
			default:
				end()
			}
		}
		end()
	}
	return strings.Join(runs, "\n")
}

// Shows reports whether s is on one row of the screen, looking at the cells
// in place rather than building the screen's text (the bench asks after
// every read of a thousand clients). Only whole clusters match: s is
// compared cell by cell.
func (s *Screen) Shows(want string) bool {
	cells := clusters(want)
	if len(cells) == 0 {
		return true
	}
	cols, rows := s.Size()
	for y := range rows {
	next:
		for x := 0; x+len(cells) <= cols; x++ {
			at := x
			for _, w := range cells {
				c := s.vt.CellAt(at, y)
				if c == nil || c.Content != w {
					continue next
				}
				at += max(c.Width, 1)
			}
			return true
		}
	}
	return false
}

// clusters splits s into what x/vt puts in one cell each.
func clusters(s string) []string {
	var out []string
	for len(s) > 0 {
		c, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		if c == "" {
			break
		}
		out = append(out, c)
		s = s[len(c):]
	}
	return out
}
