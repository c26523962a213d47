package line

import (
	"context"
	"strconv"
	"strings"

	"github.com/piiri/piiri/session"
)

// pageLines is how many lines of a long text come at a time.
const pageLines = 20

// extraAliases are the line mode's own commands, for what the command
// surface does not do: reading one reflection in pages, changing its
// visibility, marking a task done.
var extraAliases = map[string]string{
	"read": "read", "lue": "read",
	"visibility": "visibility", "näkyvyys": "visibility",
	"done": "done", "tehty": "done",
}

// extra runs one of those; false when words are none of them.
func (s *lineSession) extra(ctx context.Context, words []string) bool {
	verb := extraAliases[strings.ToLower(words[0])]
	cat := s.o.Env.Cat
	id := int64(0)
	if len(words) > 1 {
		id, _ = strconv.ParseInt(strings.TrimPrefix(words[1], "#"), 10, 64)
	}
	if verb == "" || !s.o.Env.Actor.Known() {
		return false
	}
	if id <= 0 {
		s.p.say(cat.T("line." + verb + ".usage"))
		return true
	}
	switch verb {
	case "read":
		r, err := s.o.Env.Service.Reflection(ctx, s.o.Env.Actor, id)
		if err != nil {
			s.p.say(cat.Err(err))
			return true
		}
		s.readPaged(r)
	case "visibility":
		if len(words) != 3 {
			s.p.say(cat.T("line.visibility.usage"))
			return true
		}
		word := strings.ToLower(words[2])
		if en, ok := map[string]string{"yksityinen": "private", "ryhmä": "group", "jaettu": "shared"}[word]; ok {
			word = en
		}
		v, err := session.ParseVisibility(word)
		if err == nil {
			_, err = s.o.Env.Service.SetVisibility(ctx, s.o.Env.Actor, id, v)
		}
		if err != nil {
			s.p.say(cat.Err(err))
			return true
		}
		s.p.say(cat.T("line.visibility.done", id, cat.T("visibility."+string(v))))
	case "done":
		text := strings.Join(words[2:], " ")
		if err := s.o.Env.Service.CompleteTask(ctx, s.o.Env.Actor, id, text); err != nil {
			s.p.say(cat.Err(err))
			return true
		}
		s.p.say(cat.T("line.done.done", id))
	}
	return true
}

// readPaged prints a reflection with who wrote it where, then its text a
// page at a time, saying where in it each page is.
func (s *lineSession) readPaged(r *session.Reflection) {
	cat := s.o.Env.Cat
	where := session.CleanLine(r.GroupName)
	if r.MeetingTitle != "" {
		where += ", " + session.CleanLine(r.MeetingTitle)
	}
	s.p.say(cat.T("line.read.head", r.ID, session.CleanLine(r.AuthorName), where,
		cat.When(r.CreatedAt, s.o.Env.Service.Loc), cat.T("visibility."+string(r.Visibility))))
	s.p.mu.Lock()
	width := s.p.width
	s.p.mu.Unlock()
	var lines []string
	for _, para := range strings.Split(session.CleanText(r.Body), "\n") {
		lines = append(lines, wrap(para, width)...)
	}
	for from := 0; from < len(lines); from += pageLines {
		to := min(from+pageLines, len(lines))
		s.p.write(strings.Join(lines[from:to], "\n") + "\n")
		if to == len(lines) {
			break
		}
		a, err := s.ed.ask(cat.T("line.read.more", from+1, to, len(lines)) + " ")
		if err != nil || strings.TrimSpace(a) != "" {
			return
		}
	}
	s.p.say(cat.T("line.read.end"))
}
