package line

import (
	"io"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// printer writes whole lines. Events arrive from the room while the
// person types: the line being typed is ended, the event printed, and the
// prompt with what was typed printed again below — never redrawn in place.
type printer struct {
	mu    sync.Mutex
	w     io.Writer
	pty   bool
	width int
	cat   i18n.Catalog
	svc   *session.Service

	// What the editor shows on the current line; "" with no prompt out.
	prompt, typed string
	open          bool
	hidden        bool // the prompt is open but not on the screen
}

func newPrinter(w io.Writer, pty bool, width int, cat i18n.Catalog, svc *session.Service) *printer {
	return &printer{w: w, pty: pty, width: width, cat: cat, svc: svc}
}

// say prints texts as lines, each starting with the time: "[14.03] ".
func (p *printer) say(texts ...string) {
	p.mu.Lock()
	cat, width := p.cat, p.width
	p.mu.Unlock()
	prefix := "[" + cat.Clock(p.svc.Now(), p.svc.Loc) + "] "
	var b strings.Builder
	for _, t := range texts {
		b.WriteString(format(prefix, t, width))
	}
	p.write(b.String())
}

// lines prints text wrapped to the width after prefix.
func (p *printer) lines(prefix, text string) {
	p.mu.Lock()
	width := p.width
	p.mu.Unlock()
	p.write(format(prefix, text, width))
}

// format wraps text to width, the first line after prefix and the rest
// indented by its width, so each line still reads on its own.
func format(prefix, text string, width int) string {
	var b strings.Builder
	indent := strings.Repeat(" ", ansi.StringWidth(prefix))
	first := true
	for _, para := range strings.Split(session.CleanText(text), "\n") {
		for _, l := range wrap(para, width-len(indent)) {
			if first {
				b.WriteString(prefix)
				first = false
			} else {
				b.WriteString(indent)
			}
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// maxWidth bounds the width a client may ask lines to wrap to.
const maxWidth = 500

func (p *printer) setWidth(w int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w > 0 {
		p.width = min(max(w, MinWidth), maxWidth)
	}
}

func (p *printer) setCat(c i18n.Catalog) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cat = c
}

// write puts out whole lines, around the line being typed. An empty
// prompt is not printed again after them: a screen reader would read it
// after every event. The first key typed brings it back (echo).
func (p *printer) write(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open && !p.hidden {
		p.put("\n")
	}
	p.put(s)
	switch {
	case p.open && p.typed != "":
		p.put(p.prompt + p.typed)
		p.hidden = false
	case p.open:
		p.hidden = true
	}
}

func (p *printer) put(s string) {
	if p.pty {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	_, _ = io.WriteString(p.w, s)
}

// echo is the editor's output on the line being typed: s, or when the
// prompt is hidden, the prompt and what is typed on a line of their own.
func (p *printer) echo(s string, prompt, typed string, open bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hidden && prompt != "" {
		s = prompt + typed
		if !open {
			s += "\n"
		}
	}
	p.put(s)
	p.prompt, p.typed, p.open, p.hidden = prompt, typed, open, false
}

// raw is a writer for command output: cli's text, whole lines, around the
// line being typed like events.
func (p *printer) raw() io.Writer { return rawWriter{p} }

type rawWriter struct{ p *printer }

func (r rawWriter) Write(b []byte) (int, error) {
	// cli's own text carries no escapes; the strip makes sure of it.
	text := strings.ReplaceAll(ansi.Strip(string(b)), "\x1b", "")
	text = strings.ReplaceAll(text, "\t", "    ")
	r.p.mu.Lock()
	width := r.p.width
	r.p.mu.Unlock()
	var out strings.Builder
	for _, l := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(l, "\n")
		if body == "" {
			out.WriteString(l)
			continue
		}
		// A wrapped line keeps its indent, and two more on what follows.
		lead := body[:len(body)-len(strings.TrimLeft(body, " "))]
		lead = lead[:min(len(lead), 8)] // a table's padding is no indent
		for i, w := range wrap(strings.TrimLeft(body, " "), width-len(lead)-2) {
			if i == 0 {
				out.WriteString(lead + w)
			} else {
				out.WriteString("\n" + lead + "  " + w)
			}
		}
		out.WriteString(l[len(body):])
	}
	r.p.write(out.String())
	return len(b), nil
}

// wrap breaks a paragraph into lines of at most width cells at spaces.
func wrap(para string, width int) []string {
	if para == "" {
		return []string{""}
	}
	width = max(width, 10)
	out := wrapAtSpaces(para, width)
	// A word longer than the width is cut.
	var lines []string
	for _, l := range out {
		for ansi.StringWidth(l) > width {
			cut := ansi.Truncate(l, width, "")
			lines = append(lines, cut)
			l = l[len(cut):]
		}
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return lines
}

// wrapAtSpaces breaks only at spaces: ansi.Wordwrap also breaks after a
// hyphen, which left a lone "--" of "--quote" on a line of its own.
func wrapAtSpaces(para string, width int) []string {
	var out []string
	line, started := "", false
	for _, w := range strings.Split(para, " ") {
		switch {
		case !started:
			line, started = w, true
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
	}
	return append(out, line)
}
