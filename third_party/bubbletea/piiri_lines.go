package tea

// piiri patch: line frames. In the alternate screen a frame can be written
// line by line instead of through ultraviolet's cells: each row of the
// view that differs from what the terminal shows (the row last written,
// with the style carried into it from the rows above) is written again
// whole, at its row, after erasing it; the rest is left alone. A row is
// compared as a string, so a frame costs a split and a comparison of the
// view's lines and the writing of the changed ones: no cell buffers to
// fill, diff, freeze and thaw (which were half of a server's CPU when a
// whole server redrew at once, and the memory a burst of redraws took),
// and nothing kept between frames but the last view's lines.
//
// What it writes is more than the cell diff for a small change within a
// line (the row, about a hundred columns, instead of the cells that
// changed), and the same or less for a row changed much. The screen the
// terminal shows is the same: TestLineFramesShowTheSame compares both
// renderers' output in a terminal emulator.
//
// It draws only what it can draw exactly: colours the terminal's profile
// shows as they are (truecolor; 256 colours, with any truecolor line
// downsampled), and text with SGR styles and OSC 8 links, nothing else
// (other escape sequences and control characters are left out, as the
// cell renderer leaves them out).

import (
	"bytes"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// WithLineFrames makes the program draw the alternate screen by lines
// (piiri patch; see lineFrames).
func WithLineFrames() ProgramOption {
	return func(p *Program) { p.lineFrames = true }
}

// lineFrames is what the terminal shows, by row, when frames are drawn by
// lines.
type lineFrames struct {
	on    bool
	valid bool // rows are what the terminal shows
	rows  []lineRow
}

// lineRow is a row as written: the style and link carried into it from
// the rows above, and its text.
type lineRow struct {
	carry lineCarry
	line  string
	// fits: only text, styles and links, no wider than the screen, so it
	// is written as it is (writeRow) and may be written in part (writeTail).
	fits bool
}

// lineCarry is the pen at the start of a row: the SGR sequences since the
// last reset, and the open OSC 8 link.
type lineCarry struct{ sgr, link string }

// drawsLines reports whether this frame is drawn by lines.
func (s *cursedRenderer) drawsLines(v *View) bool {
	return s.lines.on && v.AltScreen && (s.profile == colorprofile.TrueColor || s.profile == colorprofile.ANSI256)
}

// dropCellModel lets go of the cell renderer's model of the screen: frames
// drawn by lines do not keep it. The caller holds s.mu.
func (s *cursedRenderer) dropCellModel() {
	s.frozen, s.frozenScr = false, frozenScreen{}
	if b := s.scr.SwapBuffer(nil); b != nil {
		putCellBuffer(b)
	}
	s.whole = nil
}

// drawLines writes the rows of content that differ from what the terminal
// shows into the terminal renderer's buffer; all of them, on an erased
// screen, when full or when the rows are not known.
func (s *cursedRenderer) drawLines(content string, full bool) {
	w, h := s.width, s.height
	if !s.lines.valid || len(s.lines.rows) != h {
		full = true
	}
	if full {
		if cap(s.lines.rows) < h {
			s.lines.rows = make([]lineRow, h)
		}
		s.lines.rows = s.lines.rows[:h]
		clear(s.lines.rows)
		_, _ = s.scr.WriteString(ansi.ResetStyle + ansi.ResetHyperlink() + ansi.CursorHomePosition + ansi.EraseEntireScreen)
	}
	s.lines.valid = true
	if strings.Contains(content, "\r\n") {
		content = strings.ReplaceAll(content, "\r\n", "\n")
	}
	var carry lineCarry
	rest, more := content, content != ""
	for y := range h {
		var line string
		if more {
			line, rest, more = strings.Cut(rest, "\n")
		}
		next, clean, text := carryAfter(carry, line)
		row := lineRow{carry: carry, line: line}
		was := s.lines.rows[y]
		switch {
		case full && line == "" && carry == (lineCarry{}):
			row.fits = true // the erased screen shows it already
		case !full && was.carry == row.carry && was.line == row.line:
			row.fits = was.fits
		default:
			// A column takes at least a byte: a line with no more bytes of
			// text than the screen has columns fits without measuring.
			row.fits = clean && (text <= w || ansi.StringWidth(line) <= w)
			at := 0
			if !full && was.fits && row.fits && was.carry == row.carry {
				at = sameStart(was.line, row.line) // what shows already
			}
			if at > 0 {
				s.writeTail(y, row, at, w, next)
			} else {
				s.writeRow(y, row, w, next)
			}
		}
		s.lines.rows[y] = row
		carry = next
	}
}

// writeRow writes one row at its place: erased, then its carried pen and
// its text (cleaned and cut to the width unless it fits), and the pen
// reset after it.
func (s *cursedRenderer) writeRow(y int, r lineRow, w int, after lineCarry) {
	line := r.line
	if !r.fits {
		line = cleanLine(line)
		if ansi.StringWidth(line) > w {
			line = ansi.Truncate(line, w, "")
		}
	}
	_, _ = s.scr.WriteString(ansi.CursorPosition(1, y+1) + ansi.ResetStyle + ansi.EraseEntireLine)
	s.writeText(r.carry, line, after)
}

// writeTail writes a row whose first at bytes the terminal shows already
// (the row as last written begins with them, up to a character that
// begins a cell): from there on, and the rest of the row erased when the
// text ends before the screen does. A running timer's tick changes the
// end of one row, an advance the item pane's side of most rows.
func (s *cursedRenderer) writeTail(y int, r lineRow, at, w int, after lineCarry) {
	head, tail := r.line[:at], r.line[at:]
	col := ansi.StringWidth(head)
	pen, _, _ := carryAfter(r.carry, head)
	_, _ = s.scr.WriteString(ansi.CursorPosition(col+1, y+1) + ansi.ResetStyle)
	s.writeText(pen, tail, after)
	if col+ansi.StringWidth(tail) < w {
		// Not at the last column: no wrap pending that would make the
		// erase take the last character.
		_, _ = s.scr.WriteString(ansi.EraseLineRight)
	}
}

// writeText writes text after the pen it begins with, and resets the pen
// after it.
func (s *cursedRenderer) writeText(pen lineCarry, line string, after lineCarry) {
	text := pen.sgr + pen.link + line
	if s.profile != colorprofile.TrueColor && hasTrueColor(text) {
		var b bytes.Buffer
		cw := colorprofile.Writer{Forward: &b, Profile: s.profile}
		_, _ = cw.WriteString(text)
		text = b.String()
	}
	_, _ = s.scr.WriteString(text)
	if after.sgr != "" || strings.Contains(text, "\x1b[") {
		_, _ = s.scr.WriteString(ansi.ResetStyle)
	}
	if after.link != "" {
		_, _ = s.scr.WriteString(ansi.ResetHyperlink())
	}
}

// sameStart is how many bytes old and next begin with that a terminal
// shows the same: the last place, within their common start, outside an
// escape sequence, where next goes on with a printable ASCII character
// and old with one, an escape sequence or its end (so that nothing before
// it is a character that the next bytes would have extended, such as a
// letter and its combining accent). 0 when there is none.
func sameStart(old, next string) int {
	common := 0
	for common < len(old) && common < len(next) && old[common] == next[common] {
		common++
	}
	best := 0
	for j := 0; j <= common && j < len(next); j++ {
		c := next[j]
		if c == 0x1b && j < common { // skip the sequence, shared by both
			e := escapeAt(next, j)
			if !e.complete || e.end > common {
				break
			}
			j = e.end - 1
			continue
		}
		if c < 0x20 || c > 0x7e {
			continue
		}
		if j == len(old) || (old[j] >= 0x20 && old[j] <= 0x7e) || old[j] == 0x1b {
			best = j
		}
	}
	return best
}

// escape is an escape sequence read from a line (escapeAt).
type escape struct {
	end  int    // the index after it
	kind byte   // 'm' an SGR, ']' an OSC 8 link, 0 any other
	body string // an SGR's parameters, a link's "8;params;uri"
	// complete is false when the line ends first or the sequence is
	// malformed: end is then where it stops making sense.
	complete bool
}

// escapeAt reads the escape sequence that begins at line[i], an ESC.
func escapeAt(line string, i int) escape {
	if i+1 >= len(line) {
		return escape{end: len(line)}
	}
	switch line[i+1] {
	case '[':
		j := i + 2
		for j < len(line) && line[j] >= 0x20 && line[j] <= 0x3f { // parameters
			j++
		}
		params := line[i+2 : j]
		for j < len(line) && line[j] >= 0x20 && line[j] <= 0x2f { // intermediates
			j++
		}
		if j >= len(line) || line[j] < 0x40 || line[j] > 0x7e {
			return escape{end: j}
		}
		e := escape{end: j + 1, complete: true}
		if line[j] == 'm' && len(params) == j-i-2 {
			e.kind, e.body = 'm', params
		}
		return e
	case ']':
		end, next := oscEnd(line, i+2)
		if end < 0 {
			return escape{end: len(line)}
		}
		e := escape{end: next, complete: true}
		if body := line[i+2 : end]; strings.HasPrefix(body, "8;") {
			e.kind, e.body = ']', body
		}
		return e
	}
	return escape{end: i + 2, complete: true}
}

// hasTrueColor reports whether text may hold a 24-bit colour (a false
// positive only costs a downsampling).
func hasTrueColor(text string) bool {
	return strings.Contains(text, "8;2;") || strings.Contains(text, "8:2:")
}

// carryAfter is the pen after line, begun with carry; clean is false when
// the line holds escape sequences other than SGR and OSC 8, or control
// characters, which writeRow leaves out; text is its bytes outside escape
// sequences.
func carryAfter(carry lineCarry, line string) (_ lineCarry, clean bool, text int) {
	clean = true
	for i := 0; i < len(line); {
		if c := line[i]; c >= 0x20 && c != 0x7f {
			text++
			i++
			continue
		} else if c != 0x1b {
			clean = false
			i++
			continue
		}
		e := escapeAt(line, i)
		switch {
		case !e.complete || e.kind == 0:
			clean = false
		case e.kind == 'm':
			carry.sgr = carrySGR(carry.sgr, e.body)
		default: // a link, or its end
			if _, uri, _ := strings.Cut(strings.TrimPrefix(e.body, "8;"), ";"); uri == "" {
				carry.link = ""
			} else {
				carry.link = line[i:e.end]
			}
		}
		i = e.end
	}
	return carry, clean, text
}

// oscEnd finds the end of an OSC's body from i: the index of its
// terminator (BEL or ESC \) and the index after it; -1 when it has none.
func oscEnd(line string, i int) (end, next int) {
	for j := i; j < len(line); j++ {
		switch line[j] {
		case 0x07:
			return j, j + 1
		case 0x1b:
			if j+1 < len(line) && line[j+1] == '\\' {
				return j, j + 2
			}
			return -1, -1
		}
	}
	return -1, -1
}

// carrySGR is the SGR state after one more SGR sequence with params: what
// follows its last reset, kept as sequences to write again.
func carrySGR(sgr, params string) string {
	last := -1 // the index in params after the last reset
	if params == "" {
		return ""
	}
	for i, n := 0, 0; i <= len(params); i++ {
		if i < len(params) && params[i] != ';' {
			continue
		}
		tok := params[n:i]
		switch {
		case tok == "" || tok == "0":
			last = i + 1
		case tok == "38" || tok == "48" || tok == "58":
			// Colour arguments: 5;n or 2;r;g;b are not resets.
			if rest := params[min(i+1, len(params)):]; strings.HasPrefix(rest, "5;") {
				i += skipParams(rest, 2)
			} else if strings.HasPrefix(rest, "2;") {
				i += skipParams(rest, 4)
			}
		}
		n = i + 1
	}
	if last > len(params) {
		return ""
	}
	if last >= 0 {
		return "\x1b[" + params[last:] + "m"
	}
	return sgr + "\x1b[" + params + "m"
}

// skipParams is how far n more ;-separated params reach in rest, the
// separator before them counted.
func skipParams(rest string, n int) int {
	at := 0
	for ; n > 0 && at < len(rest); n-- {
		k := strings.IndexByte(rest[at:], ';')
		if k < 0 {
			return len(rest) + 1
		}
		at += k + 1
	}
	return at
}

// cleanLine is line with only its text, SGR sequences and OSC 8 links.
func cleanLine(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if c := line[i]; c >= 0x20 && c != 0x7f {
			b.WriteByte(c)
			i++
			continue
		} else if c != 0x1b {
			i++
			continue
		}
		e := escapeAt(line, i)
		if e.complete && e.kind != 0 {
			b.WriteString(line[i:e.end])
		}
		i = e.end
	}
	return b.String()
}
