package line

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// maxLine is the longest line the editor keeps, in bytes; the rest of a
// longer line is dropped as it comes.
const maxLine = 4096

// maxHistory is how many earlier lines up and down recall.
const maxHistory = 50

// errCancel is a line abandoned with ctrl+c.
var errCancel = errors.New("cancelled")

// editor reads lines. Over a PTY the client's terminal is raw, so the
// editor echoes what is typed and handles backspace, ctrl+u, ctrl+c,
// ctrl+d and up/down for history, echoing only text, backspaces and line
// ends. Without a PTY the client's own line discipline did that already.
type editor struct {
	r       *bufio.Reader
	p       *printer
	pty     bool
	history []string
	afterCR bool // the last key ended a line with \r
}

func newEditor(r io.Reader, p *printer, pty bool) *editor {
	return &editor{r: bufio.NewReaderSize(r, 512), p: p, pty: pty}
}

// readLine prints the prompt (over a PTY) and returns the next line.
// Without a PTY the stream stays events and output only.
func (e *editor) readLine(prompt string) (string, error) {
	if !e.pty {
		return e.readPlain()
	}
	return e.ask(prompt)
}

// ask is readLine for a question: its prompt shows with or without a PTY.
func (e *editor) ask(prompt string) (string, error) {
	if !e.pty {
		// The client echoes what is typed after it: the question stands
		// on a line of its own.
		e.p.echo(strings.TrimRight(prompt, " ")+"\n", "", "", false)
		return e.readPlain()
	}
	for {
		s, err := e.readPTY(prompt)
		if errors.Is(err, errCancel) {
			continue
		}
		return s, err
	}
}

func (e *editor) readPlain() (string, error) {
	var b []byte
	for {
		c, err := e.r.ReadByte()
		if err != nil {
			if len(b) > 0 {
				return string(b), nil
			}
			return "", err
		}
		if c == '\n' {
			return strings.TrimSuffix(string(b), "\r"), nil
		}
		if len(b) < maxLine {
			b = append(b, c)
		}
	}
}

func (e *editor) readPTY(prompt string) (string, error) {
	var buf []rune
	size := 0
	hist := len(e.history)
	e.p.echo(prompt, prompt, "", true)
	show := func(s string) { e.p.echo(s, prompt, string(buf), true) }
	erase := func(n int) {
		for range n {
			r := buf[len(buf)-1]
			buf = buf[:len(buf)-1]
			size -= utf8.RuneLen(r)
			w := max(ansi.StringWidth(string(r)), 1)
			show(strings.Repeat("\b \b", w))
		}
	}
	for {
		r, _, err := e.r.ReadRune()
		if err != nil {
			e.p.echo("\n", "", "", false)
			return "", err
		}
		if r == '\n' && e.afterCR && len(buf) == 0 {
			e.afterCR = false // the \n of a pasted \r\n
			continue
		}
		e.afterCR = r == '\r'
		switch r {
		case '\r', '\n':
			line := string(buf)
			e.p.echo("\n", prompt, line, false)
			if strings.TrimSpace(line) != "" && (len(e.history) == 0 || e.history[len(e.history)-1] != line) {
				e.history = append(e.history, line)
				if len(e.history) > maxHistory {
					e.history = e.history[1:]
				}
			}
			return line, nil
		case 0x7f, 0x08: // backspace
			if len(buf) > 0 {
				erase(1)
			}
		case 0x15: // ctrl+u
			erase(len(buf))
		case 0x17: // ctrl+w: the last word
			n := 0
			for n < len(buf) && buf[len(buf)-1-n] == ' ' {
				n++
			}
			for n < len(buf) && buf[len(buf)-1-n] != ' ' {
				n++
			}
			erase(n)
		case 0x03: // ctrl+c
			buf = nil
			e.p.echo("^C\n", "", "", false)
			return "", errCancel
		case 0x04: // ctrl+d ends the session on an empty line
			if len(buf) == 0 {
				e.p.echo("\n", "", "", false)
				return "", io.EOF
			}
		case 0x1b:
			if h, ok := e.escape(hist); ok {
				erase(len(buf))
				hist = h
				if hist < len(e.history) {
					for _, r := range e.history[hist] {
						buf = append(buf, r)
						size += utf8.RuneLen(r)
					}
				}
				show(string(buf))
			}
		default:
			if r < ' ' || r == utf8.RuneError || size+utf8.RuneLen(r) > maxLine {
				continue
			}
			buf = append(buf, r)
			size += utf8.RuneLen(r)
			show(string(r))
		}
	}
}

// escape reads the rest of an escape sequence; for up and down it returns
// the history position to show. Other keys are read and ignored.
func (e *editor) escape(hist int) (int, bool) {
	c, err := e.r.ReadByte()
	if err != nil {
		return hist, false
	}
	if c != '[' && c != 'O' {
		// A lone escape: what follows is typed text.
		_ = e.r.UnreadByte()
		return hist, false
	}
	for {
		c, err = e.r.ReadByte()
		if err != nil {
			return hist, false
		}
		if c >= 0x40 && c <= 0x7e {
			break
		}
	}
	switch c {
	case 'A':
		if hist > 0 {
			return hist - 1, true
		}
	case 'B':
		if hist < len(e.history) {
			return hist + 1, true
		}
	}
	return hist, false
}

// splitWords splits a line into words as a shell would for simple
// quoting: 'single', "double" and backslash escapes.
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\' && quote != '\'':
			esc, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || esc {
		return nil, errors.New("unclosed quote")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
