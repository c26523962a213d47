// Package vtfilter adapts what a bubbletea v2 program sends to what the
// vt10x terminal emulator understands, and answers the terminal queries a
// real terminal would. The test harness (tui/tuitest) and the load test
// (piiri bench) put it in front of their emulators.
package vtfilter

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/hinshun/vt10x"
)

// WideFiller is written into the cell to the right of a double-width rune so
// vt10x (which gives every rune exactly one cell) keeps the same column layout
// as a real terminal. [Term.Screen] leaves these cells out. U+FDD0 is a Unicode
// noncharacter, so it never appears in real program output.
const WideFiller = '\uFDD0'

// Limits that stop a malformed or hostile stream from growing buffers forever.
const (
	maxCSILen  = 256
	maxOSCLen  = 4096
	maxHeldLen = 1 << 20
	maxRepeat  = 4096
)

type filterState uint8

const (
	stGround filterState = iota
	stEsc                // after ESC
	stCSI                // inside ESC [ ...
	stStr                // inside OSC / DCS / APC / PM / SOS
	stStrEsc             // ESC seen inside a string: maybe ST (ESC \)
	stUTF8               // inside a multi-byte UTF-8 rune
)

// Filter sits between the SSH channel and vt10x. It rewrites the stream into
// what vt10x renders the way a modern xterm-compatible terminal would, and it
// answers the few terminal queries bubbletea v2 relies on.
//
// Why it is needed (vt10x is a small st port from 2022 and predates much of
// what bubbletea v2 / ultraviolet emit):
//
//   - vt10x ignores CSI prefix bytes other than '?'. The kitty keyboard
//     sequences bubbletea emits on every start and alt-screen switch
//     (CSI > flags u push, CSI < u pop, CSI = flags;1 u set, CSI ? u query) end
//     in 'u', which vt10x executes as "restore cursor" (SCORC): the cursor
//     jumps and later relative cursor moves draw in the wrong place.
//     CSI > 4;2 m (modifyOtherKeys) is executed as SGR 0. All CSI sequences
//     with a '<', '=' or '>' prefix, or with intermediate bytes
//     (DECRQM "CSI ? 2026 $ p", DECSCUSR "CSI 2 SP q", ...), are therefore
//     dropped; none of them changes the text on the screen.
//   - vt10x splits a multi-byte rune that straddles two Write calls into
//     garbage (it drops the first bytes). The filter buffers partial runes.
//   - vt10x gives every rune one cell. Double-width runes (CJK, most emoji)
//     are followed by [WideFiller]; zero-width runes (combining marks, ZWJ,
//     variation selectors) are dropped so that columns stay aligned with what
//     the server-side renderer assumes. Widths are computed with
//     ansi.StringWidthWc, the same wcwidth rules bubbletea uses by default.
//   - REP (CSI n b) is not implemented by vt10x; it is expanded here.
//     ultraviolet does not use REP for TERM=xterm-256color, but does for
//     some other TERM values.
//   - Synchronized output (mode 2026) is implemented: between CSI ? 2026 h
//     and CSI ? 2026 l output is held back and applied at once, so Screen
//     never observes half a frame.
//   - DCS, APC, PM, SOS strings are dropped; of the OSC strings only window
//     titles (OSC 0/1/2) are passed on.
//
// Replies: a real terminal answers queries and bubbletea adapts to the
// answers. The filter answers DECRQM for mode 2026 ("reset", i.e. supported,
// so bubbletea uses synchronized output like it does on modern terminals)
// and "not recognized" for every other mode (in particular 2027, so the
// width method stays wcwidth), OSC 10/11 colour queries (white on black),
// primary device attributes (CSI c) and DSR (CSI 5n / CSI 6n, the latter by
// vt10x itself, which knows the cursor). The kitty keyboard query (CSI ? u)
// is deliberately not answered, so keys are sent in the legacy encoding that
// [Term.Press] produces.
type Filter struct {
	state filterState
	seq   []byte // pending escape sequence or partial rune
	isOSC bool   // the pending string is an OSC (kept), not DCS/APC/PM/SOS
	last  []byte // the last graphic character written, for REP

	sync bool   // synchronized output in effect
	held []byte // output held back while sync is set

	out     []byte
	replies []byte
}

// process filters p and returns the bytes to feed to vt10x and the replies to
// send back to the server. Both slices are only valid until the next call.
func (f *Filter) Process(p []byte) (out, replies []byte) {
	f.out = f.out[:0]
	f.replies = f.replies[:0]
	for _, b := range p {
		f.put(b)
	}
	return f.out, f.replies
}

// emit writes screen-affecting bytes, honouring synchronized output.
func (f *Filter) emit(b ...byte) {
	if f.sync {
		f.held = append(f.held, b...)
		if len(f.held) > maxHeldLen { // never hold on to output forever
			f.flushHeld()
		}
		return
	}
	f.out = append(f.out, b...)
}

func (f *Filter) flushHeld() {
	f.out = append(f.out, f.held...)
	f.held = f.held[:0]
}

func (f *Filter) put(b byte) {
	switch f.state {
	case stGround:
		switch {
		case b == ansi.ESC:
			f.seq = append(f.seq[:0], b)
			f.state = stEsc
		case b < utf8.RuneSelf:
			f.emit(b)
			if b >= 0x20 && b < 0x7f {
				f.last = append(f.last[:0], b)
			}
		default:
			f.seq = append(f.seq[:0], b)
			f.state = stUTF8
			f.maybeRune()
		}

	case stUTF8:
		f.seq = append(f.seq, b)
		f.maybeRune()

	case stEsc:
		switch b {
		case '[':
			f.seq = append(f.seq, b)
			f.state = stCSI
		case ']', 'P', '_', '^', 'X':
			f.isOSC = b == ']'
			f.seq = f.seq[:0]
			f.state = stStr
		case ansi.ESC: // ESC ESC: the first one is abandoned
			f.seq = append(f.seq[:0], b)
		case ansi.CAN, ansi.SUB:
			f.state = stGround
		default:
			// Two-byte escapes (ESC 7, ESC 8, ESC M, ESC c, ESC ( B, ...)
			// are understood by vt10x; pass them on.
			f.emit(ansi.ESC, b)
			f.state = stGround
		}

	case stCSI:
		switch {
		case b == ansi.ESC:
			f.seq = append(f.seq[:0], b)
			f.state = stEsc
		case b == ansi.CAN || b == ansi.SUB:
			f.state = stGround
		case b < 0x20:
			// C0 controls inside a control sequence are executed at once.
			f.emit(b)
		case b >= 0x40 && b <= 0x7e:
			f.seq = append(f.seq, b)
			f.state = stGround
			f.csi(f.seq[2:len(f.seq)-1], b)
		default:
			f.seq = append(f.seq, b)
			if len(f.seq) > maxCSILen {
				f.state = stGround
			}
		}

	case stStr:
		switch b {
		case ansi.BEL:
			f.state = stGround
			f.str()
		case ansi.ESC:
			f.state = stStrEsc
		case ansi.CAN, ansi.SUB:
			f.state = stGround
		default:
			if f.isOSC && len(f.seq) < maxOSCLen {
				f.seq = append(f.seq, b)
			}
		}

	case stStrEsc:
		f.state = stGround
		if b == '\\' { // ST
			f.str()
			return
		}
		// The string was cut short by another escape sequence.
		f.seq = append(f.seq[:0], ansi.ESC)
		f.state = stEsc
		f.put(b)
	}
}

// maybeRune emits the pending rune once it is complete.
func (f *Filter) maybeRune() {
	if !utf8.FullRune(f.seq) {
		return
	}
	r, size := utf8.DecodeRune(f.seq)
	rest := append([]byte(nil), f.seq[size:]...)
	f.state = stGround
	f.seq = f.seq[:0]
	f.printRune(r)
	for _, b := range rest { // bytes of an invalid sequence: start over
		f.put(b)
	}
}

func (f *Filter) printRune(r rune) {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	switch ansi.StringWidthWc(string(buf[:n])) {
	case 0:
		// Zero width (combining mark, ZWJ, variation selector, C1 control):
		// vt10x would give it a cell of its own and shift the rest of the
		// line. Drop it.
	case 1:
		f.emit(buf[:n]...)
		f.last = append(f.last[:0], buf[:n]...)
	default:
		f.emit(buf[:n]...)
		f.emit([]byte(string(WideFiller))...)
		f.last = f.last[:0] // ultraviolet only repeats single-width runes
	}
}

// csi handles a complete control sequence: ESC [ params final.
func (f *Filter) csi(params []byte, final byte) {
	var prefix byte
	if len(params) > 0 && params[0] >= '<' && params[0] <= '?' {
		prefix = params[0]
	}
	if bytes.ContainsFunc(params, func(r rune) bool { return r >= 0x20 && r <= 0x2f }) {
		// Intermediate bytes. Answer DECRQM (CSI ? Ps $ p / CSI Ps $ p).
		if final == 'p' && bytes.HasSuffix(params, []byte("$")) {
			f.decrqm(prefix == '?', params)
		}
		return
	}
	switch prefix {
	case '<', '=', '>':
		return // kitty keyboard, modifyOtherKeys, DA2/DA3, XTVERSION, ...
	case '?':
		switch final {
		case 'u':
			return // kitty keyboard query
		case 'h', 'l':
			f.privateMode(params[1:], final)
			return
		}
	case 0:
		switch final {
		case 'c': // DA1: answer as a VT220 with ANSI colour
			if len(params) == 0 || string(params) == "0" {
				f.replies = append(f.replies, "\x1b[?62;22c"...)
			}
			return
		case 'b': // REP
			if len(f.last) > 0 {
				n := 1
				if v, err := strconv.Atoi(string(params)); err == nil && v > 1 {
					n = min(v, maxRepeat)
				}
				f.emit(bytes.Repeat(f.last, n)...)
			}
			return
		}
	}
	f.emit(ansi.ESC, '[')
	f.emit(params...)
	f.emit(final)
}

// privateMode handles CSI ? ... h / l: mode 2026 is done here, the rest goes
// to vt10x.
func (f *Filter) privateMode(params []byte, final byte) {
	var keep []string
	for p := range strings.SplitSeq(string(params), ";") {
		if p != "2026" {
			keep = append(keep, p)
			continue
		}
		if final == 'h' {
			f.sync = true
		} else if f.sync {
			f.sync = false
			f.flushHeld()
		}
	}
	if len(keep) > 0 {
		f.emit([]byte("\x1b[?" + strings.Join(keep, ";") + string(final))...)
	}
}

// decrqm answers a mode request; params still ends in '$'.
func (f *Filter) decrqm(private bool, params []byte) {
	p := string(params[:len(params)-1])
	if private {
		p = p[1:]
	}
	mode, err := strconv.Atoi(p)
	if err != nil {
		return
	}
	value := 0 // not recognized
	if private && mode == 2026 {
		value = 2 // reset
		if f.sync {
			value = 1
		}
	}
	q := ""
	if private {
		q = "?"
	}
	f.replies = append(f.replies, "\x1b["+q+strconv.Itoa(mode)+";"+strconv.Itoa(value)+"$y"...)
}

// str handles a complete OSC/DCS/APC/PM/SOS string.
func (f *Filter) str() {
	if !f.isOSC {
		return
	}
	cmd, arg, _ := strings.Cut(string(f.seq), ";")
	switch cmd {
	case "0", "1", "2": // window title: vt10x keeps it
		f.emit([]byte("\x1b]" + string(f.seq) + "\a")...)
	case "10", "11":
		if arg == "?" {
			color := "ffff/ffff/ffff" // foreground: white
			if cmd == "11" {
				color = "0000/0000/0000" // background: black
			}
			f.replies = append(f.replies, "\x1b]"+cmd+";rgb:"+color+"\x1b\\"...)
		}
	}
}

// Cells is the part of a terminal emulator that Text reads.
type Cells interface {
	Size() (cols, rows int)
	Cell(x, y int) vt10x.Glyph
}

// Text returns the visible screen: one line per row, trailing spaces
// removed, joined by "\n"; the fillers after wide runes are left out. The
// caller holds the emulator's lock.
func Text(t Cells) string {
	cols, rows := t.Size()
	lines := make([]string, rows)
	var line strings.Builder
	for y := range rows {
		line.Reset()
		for x := range cols {
			switch c := t.Cell(x, y).Char; c {
			case WideFiller:
			case 0:
				line.WriteByte(' ')
			default:
				line.WriteRune(c)
			}
		}
		lines[y] = strings.TrimRight(line.String(), " ")
	}
	return strings.Join(lines, "\n")
}
