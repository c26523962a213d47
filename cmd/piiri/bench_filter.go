package main

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// This file is a copy of tui/tuitest/filter.go (the terminal filter the
// end-to-end tests put in front of vt10x), renamed so that it lives in
// package main: tuitest imports "testing" and cannot be linked into the
// piiri binary. See that file for why each rewrite is needed. Keep the two
// in step.

// benchWideFiller is written into the cell to the right of a double-width
// rune so vt10x keeps the column layout of a real terminal.
const benchWideFiller = '\uFDD0'

// Limits that stop a malformed or hostile stream from growing buffers forever.
const (
	benchMaxCSILen  = 256
	benchMaxOSCLen  = 4096
	benchMaxHeldLen = 1 << 20
	benchMaxRepeat  = 4096
)

type benchFilterState uint8

const (
	bfGround benchFilterState = iota
	bfEsc                     // after ESC
	bfCSI                     // inside ESC [ ...
	bfStr                     // inside OSC / DCS / APC / PM / SOS
	bfStrEsc                  // ESC seen inside a string: maybe ST (ESC \)
	bfUTF8                    // inside a multi-byte UTF-8 rune
)

// benchFilter sits between the SSH channel and vt10x: it drops the kitty
// keyboard and other prefixed CSI sequences vt10x misreads, buffers split
// UTF-8 runes, pads double-width runes, expands REP, applies synchronized
// output (mode 2026) a whole frame at a time, and answers DECRQM, DA1 and
// the OSC 10/11 colour queries the way a modern xterm does.
type benchFilter struct {
	state benchFilterState
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
func (f *benchFilter) process(p []byte) (out, replies []byte) {
	f.out = f.out[:0]
	f.replies = f.replies[:0]
	for _, b := range p {
		f.put(b)
	}
	return f.out, f.replies
}

// emit writes screen-affecting bytes, honouring synchronized output.
func (f *benchFilter) emit(b ...byte) {
	if f.sync {
		f.held = append(f.held, b...)
		if len(f.held) > benchMaxHeldLen { // never hold on to output forever
			f.flushHeld()
		}
		return
	}
	f.out = append(f.out, b...)
}

func (f *benchFilter) flushHeld() {
	f.out = append(f.out, f.held...)
	f.held = f.held[:0]
}

func (f *benchFilter) put(b byte) {
	switch f.state {
	case bfGround:
		switch {
		case b == ansi.ESC:
			f.seq = append(f.seq[:0], b)
			f.state = bfEsc
		case b < utf8.RuneSelf:
			f.emit(b)
			if b >= 0x20 && b < 0x7f {
				f.last = append(f.last[:0], b)
			}
		default:
			f.seq = append(f.seq[:0], b)
			f.state = bfUTF8
			f.maybeRune()
		}

	case bfUTF8:
		f.seq = append(f.seq, b)
		f.maybeRune()

	case bfEsc:
		switch b {
		case '[':
			f.seq = append(f.seq, b)
			f.state = bfCSI
		case ']', 'P', '_', '^', 'X':
			f.isOSC = b == ']'
			f.seq = f.seq[:0]
			f.state = bfStr
		case ansi.ESC: // ESC ESC: the first one is abandoned
			f.seq = append(f.seq[:0], b)
		case ansi.CAN, ansi.SUB:
			f.state = bfGround
		default:
			// Two-byte escapes (ESC 7, ESC 8, ESC M, ESC c, ESC ( B, ...)
			// are understood by vt10x; pass them on.
			f.emit(ansi.ESC, b)
			f.state = bfGround
		}

	case bfCSI:
		switch {
		case b == ansi.ESC:
			f.seq = append(f.seq[:0], b)
			f.state = bfEsc
		case b == ansi.CAN || b == ansi.SUB:
			f.state = bfGround
		case b < 0x20:
			// C0 controls inside a control sequence are executed at once.
			f.emit(b)
		case b >= 0x40 && b <= 0x7e:
			f.seq = append(f.seq, b)
			f.state = bfGround
			f.csi(f.seq[2:len(f.seq)-1], b)
		default:
			f.seq = append(f.seq, b)
			if len(f.seq) > benchMaxCSILen {
				f.state = bfGround
			}
		}

	case bfStr:
		switch b {
		case ansi.BEL:
			f.state = bfGround
			f.str()
		case ansi.ESC:
			f.state = bfStrEsc
		case ansi.CAN, ansi.SUB:
			f.state = bfGround
		default:
			if f.isOSC && len(f.seq) < benchMaxOSCLen {
				f.seq = append(f.seq, b)
			}
		}

	case bfStrEsc:
		f.state = bfGround
		if b == '\\' { // ST
			f.str()
			return
		}
		// The string was cut short by another escape sequence.
		f.seq = append(f.seq[:0], ansi.ESC)
		f.state = bfEsc
		f.put(b)
	}
}

// maybeRune emits the pending rune once it is complete.
func (f *benchFilter) maybeRune() {
	if !utf8.FullRune(f.seq) {
		return
	}
	r, size := utf8.DecodeRune(f.seq)
	rest := append([]byte(nil), f.seq[size:]...)
	f.state = bfGround
	f.seq = f.seq[:0]
	f.printRune(r)
	for _, b := range rest { // bytes of an invalid sequence: start over
		f.put(b)
	}
}

func (f *benchFilter) printRune(r rune) {
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
		f.emit([]byte(string(benchWideFiller))...)
		f.last = f.last[:0] // ultraviolet only repeats single-width runes
	}
}

// csi handles a complete control sequence: ESC [ params final.
func (f *benchFilter) csi(params []byte, final byte) {
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
					n = min(v, benchMaxRepeat)
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
func (f *benchFilter) privateMode(params []byte, final byte) {
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
func (f *benchFilter) decrqm(private bool, params []byte) {
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
func (f *benchFilter) str() {
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
