package tea

// piiri patch of bubbletea v2.0.10, carried until upstream has the same
// (render only when something changed: charmbracelet/bubbletea#1776 and
// #1796). A server running thousands of programs pays for three things
// that a single program on a desktop does not notice:
//
//   - the renderer woke at its frame rate forever, to compare an unchanged
//     view: all of an idle server's CPU. Here it sleeps until the program
//     updates or writes, and still draws at most fps frames a second;
//   - the frame buffer the view is drawn into (about 110 bytes a cell) was
//     kept per program between frames; here it comes from a pool shared by
//     all programs and goes back after each frame;
//   - the renderer's model of what the terminal shows (another such buffer)
//     is kept between frames as a compact copy — a few bytes a cell, styles
//     and graphemes interned — and expanded into a pooled buffer only while
//     a frame is drawn.
//
// The bytes written to the terminal are the same as without the patch.

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	uv "github.com/charmbracelet/ultraviolet"
)

// RendersOnChange is true in this patched copy; the program that carries
// the patch has a test that fails without it.
const RendersOnChange = true

// wakeRenderer asks the render loop for a frame. It never blocks: one
// pending request stands for any number.
func (p *Program) wakeRenderer() {
	select {
	case p.renderWake <- struct{}{}:
	default:
	}
}

// frameSlots bounds how many frames all programs together draw at once.
// Drawing a frame is CPU work only (the bytes are written after the cell
// buffers are given back), so more at once than there are processors
// finishes none sooner; when a whole server redraws at once (every room
// advancing together), each frame in flight holds two cell buffers of
// about 330 KiB at 100x30, and a thousand programs preempted halfway
// would hold hundreds of MiB.
var frameSlots = make(chan struct{}, 2*max(1, runtime.GOMAXPROCS(0)))

// freeList keeps up to max values for reuse. Unlike a sync.Pool it is not
// emptied by a collection: a burst of redraws makes the collector run
// often, and every frame then allocated its cell buffers anew, which was
// most of the burst's garbage.
type freeList[T any] struct {
	mu   sync.Mutex
	free []T
	max  int
}

func (l *freeList[T]) get() (v T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.free); n > 0 {
		v, l.free = l.free[n-1], l.free[:n-1]
		return v, true
	}
	return v, false
}

func (l *freeList[T]) put(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) < l.max {
		l.free = append(l.free, v)
	}
}

// cellBuffers are the cell buffers of all programs, each in use only while
// a frame is drawn: two a frame slot, and a few for the renderers that
// expand their model outside a frame (a resize, a start).
var cellBuffers = freeList[*uv.RenderBuffer]{max: 2*cap(frameSlots) + 8}

// textIndexes are the maps freeze finds a cell's text in, each in use only
// while a frame is frozen: a map made for every frame was a third of what
// drawing a frame allocated.
var textIndexes = freeList[map[string]uint16]{max: cap(frameSlots) + 8}

// getCellBuffer returns a pooled buffer of the given size. Its cells are
// not cleared.
func getCellBuffer(w, h int) *uv.RenderBuffer {
	b, ok := cellBuffers.get()
	if !ok {
		return uv.NewRenderBuffer(w, h)
	}
	b.Resize(w, h)
	return b
}

// maxPooledCells is the largest buffer kept for reuse: a pooled buffer
// keeps its capacity when another program resizes it down, so one huge
// terminal must not leave huge buffers to everyone.
const maxPooledCells = 200 * 60

func putCellBuffer(b *uv.RenderBuffer) {
	if b == nil || b.Width()*b.Height() > maxPooledCells || cap(b.Lines) > 2*b.Height()+8 ||
		(len(b.Lines) > 0 && cap(b.Lines[0]) > 2*b.Width()+8) {
		return
	}
	b.Touched = nil
	cellBuffers.put(b)
}

// touchAll marks every line of b as changed: a pooled buffer holds another
// program's cells, so the usual marks (cells that differ from the previous
// frame) mean nothing. The terminal renderer still compares every line
// with what the terminal shows and writes only the difference.
func touchAll(b *uv.RenderBuffer) {
	w := b.Width()
	for y := range b.Height() {
		b.TouchLine(0, y, w)
	}
}

// frozenScreen is a compact copy of a cell buffer: runs of equal cells,
// row by row, with graphemes, styles and links each kept once.
type frozenScreen struct {
	w, h   int
	runs   []frozenRun
	text   []string
	styles []uv.Style
	links  []uv.Link
}

type frozenCell struct {
	text, style uint16
	link        uint8
	width       int8
}

type frozenRun struct {
	cell frozenCell
	n    uint16 // cells, within one row
}

// Interning tables are indexed by uint16/uint8: a screen with more distinct
// values than these is kept as it is.
const (
	maxFrozenText   = 1 << 16
	maxFrozenStyles = 1 << 16
	maxFrozenLinks  = 1 << 8
)

// freeze copies b compactly; ok is false when b does not fit the format.
func (f *frozenScreen) freeze(b *uv.RenderBuffer) (ok bool) {
	f.w, f.h = b.Width(), b.Height()
	f.runs = f.runs[:0]
	f.text, f.styles, f.links = f.text[:0], f.styles[:0], f.links[:0]
	texts, ok := textIndexes.get()
	if !ok {
		texts = make(map[string]uint16)
	}
	defer func() {
		clear(texts)
		textIndexes.put(texts)
	}()
	lastStyle := -1
	lastText := -1
	var blank uv.Cell
	for y := range f.h {
		line := b.Line(y)
		for x := range f.w {
			c := &blank
			if x < len(line) {
				c = &line[x]
			}
			var t uint16
			seen := lastText >= 0 && f.text[lastText] == c.Content
			if seen {
				t = uint16(lastText)
			} else {
				t, seen = texts[c.Content]
			}
			if !seen {
				if len(f.text) >= maxFrozenText {
					return false
				}
				t = uint16(len(f.text))
				texts[c.Content] = t
				f.text = append(f.text, c.Content)
			}
			lastText = int(t)
			st := -1
			if lastStyle >= 0 && f.styles[lastStyle].Equal(&c.Style) {
				st = lastStyle
			} else {
				for i := range f.styles {
					if f.styles[i].Equal(&c.Style) {
						st = i
						break
					}
				}
			}
			if st < 0 {
				if len(f.styles) >= maxFrozenStyles {
					return false
				}
				st = len(f.styles)
				f.styles = append(f.styles, c.Style)
			}
			lastStyle = st
			ln := -1
			for i := range f.links {
				if f.links[i] == c.Link {
					ln = i
					break
				}
			}
			if ln < 0 {
				if len(f.links) >= maxFrozenLinks {
					return false
				}
				ln = len(f.links)
				f.links = append(f.links, c.Link)
			}
			if c.Width < -128 || c.Width > 127 {
				return false
			}
			fc := frozenCell{text: t, style: uint16(st), link: uint8(ln), width: int8(c.Width)}
			if k := len(f.runs) - 1; x > 0 && f.runs[k].cell == fc && f.runs[k].n < 1<<16-1 {
				f.runs[k].n++
			} else {
				f.runs = append(f.runs, frozenRun{cell: fc, n: 1})
			}
		}
	}
	return true
}

// thaw expands the copy into a pooled buffer.
func (f *frozenScreen) thaw() *uv.RenderBuffer {
	b := getCellBuffer(f.w, f.h)
	b.Touched = nil
	y, x := 0, 0
	for _, r := range f.runs {
		c := uv.Cell{Content: f.text[r.cell.text], Style: f.styles[r.cell.style], Link: f.links[r.cell.link], Width: int(r.cell.width)}
		line := b.Line(y)
		for range r.n {
			line[x] = c
			x++
		}
		if x >= f.w {
			y, x = y+1, 0
		}
	}
	return b
}

// freezeScreen takes the terminal renderer's model of the screen out and
// keeps a compact copy. The caller holds s.mu.
func (s *cursedRenderer) freezeScreen() {
	if s.frozen {
		return
	}
	b := s.scr.SwapBuffer(nil)
	if b == nil {
		return
	}
	if !s.frozenScr.freeze(b) {
		s.scr.SwapBuffer(b)
		return
	}
	// Keep no more than the copy needs.
	if cap(s.frozenScr.runs) > len(s.frozenScr.runs)+len(s.frozenScr.runs)/4+8 {
		s.frozenScr.runs = slices.Clone(s.frozenScr.runs)
	}
	s.frozen = true
	putCellBuffer(b)
}

// thawScreen gives the terminal renderer its model of the screen back.
// Every use of s.scr that may read the model comes after it. The caller
// holds s.mu.
func (s *cursedRenderer) thawScreen() {
	if !s.frozen {
		return
	}
	s.frozen = false
	s.scr.SwapBuffer(s.frozenScr.thaw())
}

// drawFrame draws the view into the frame buffer (s.cellbuf, just
// cleared). A line of the view that is the same as the last frame's on
// the same row, and was drawn whole there (nothing carried into it from
// the line above, nothing carried out), shows on the terminal already:
// its cells are copied from the renderer's model of the terminal and it
// is not marked changed, so it is neither parsed nor compared again. The
// room redraws everyone for every change, and most of a change's lines
// are the same. prevWhole is the last frame's lines drawn whole, nil when
// the terminal may not show the last frame as drawn (the first frame, an
// erase, a resize, the main screen); it returns this frame's, nil when
// the next frame must draw everything.
func (s *cursedRenderer) drawFrame(content *uv.StyledString, prevWhole []bool) []bool {
	frame, m := s.cellbuf.RenderBuffer, s.cellbuf.WidthMethod()
	shown := s.scr.Shown()
	if prevWhole == nil || s.lastView == nil || s.scr.Erasing() || shown == nil ||
		shown.Width() != frame.Width() || shown.Height() != frame.Height() {
		prevWhole = nil
	}
	var prev string
	if prevWhole != nil {
		prev = strings.ReplaceAll(s.lastView.Content, "\r\n", "\n")
	}
	row := 0 // the row of prev's first line
	same := func(y int, line string) bool {
		if prevWhole == nil {
			return false
		}
		for row < y && prev != "" {
			_, prev, _ = strings.Cut(prev, "\n")
			row++
		}
		if row != y || !prevWhole[y] {
			return false
		}
		l, _, _ := strings.Cut(prev, "\n")
		return l == line
	}
	fill := func(y int) {
		copy(frame.Lines[y], shown.Lines[y])
		// A line with wide characters is painted whole whenever it is
		// marked changed, as it is now: it stays marked.
		if !s.scr.Drifts(shown.Lines[y]) {
			frame.Touched[y] = &uv.LineData{FirstCell: -1, LastCell: -1}
		}
	}
	whole := make([]bool, frame.Height())
	if !content.DrawClearedSkipping(frame, m, same, fill, whole) {
		return nil
	}
	return whole
}
