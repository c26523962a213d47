package session

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// The built-in group templates are data, embedded in the binary: a new
// format is a new file, not a code branch.
//
//go:embed templates/*.json
var templateFS embed.FS

// Text is a text in every language.
type Text struct {
	FI string `json:"fi"`
	EN string `json:"en"`
}

// In returns the text in a language.
func (t Text) In(l Lang) string {
	if l == LangFI {
		return t.FI
	}
	return t.EN
}

// complete reports whether a text is in every language or in none.
func (t Text) complete() bool { return (t.FI == "") == (t.EN == "") }

// Template is a group format: its agreement and meeting agendas.
type Template struct {
	ID          string `json:"id"`
	Name        Text   `json:"name"`
	Description Text   `json:"description"`
	GroupSize   struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"group_size"`
	AsksTheme bool `json:"asks_theme"`
	Agreement struct {
		Goals           Text `json:"goals"`
		Schedule        Text `json:"schedule"`
		GroundRules     Text `json:"ground_rules"`
		Confidentiality Text `json:"confidentiality"`
		Leaving         Text `json:"leaving"`
	} `json:"agreement"`
	Meetings []MeetingTemplate `json:"meetings"`
	Repeat   MeetingTemplate   `json:"repeat"`
	// Assessment is the self-assessment: statements rated 1–5.
	Assessment []struct {
		ID   string `json:"id"`
		Text Text   `json:"text"`
	} `json:"assessment"`
}

// MeetingTemplate is one meeting's plan in a template.
type MeetingTemplate struct {
	Title   Text           `json:"title"`
	Theme   Text           `json:"theme"`
	Minutes int            `json:"minutes"`
	Items   []ItemTemplate `json:"items"`
}

// ItemTemplate is one agenda item in a template.
type ItemTemplate struct {
	Title     Text     `json:"title"`
	Kind      ItemKind `json:"kind"`
	Minutes   int      `json:"minutes"`
	Prompt    Text     `json:"prompt"`
	Anonymous bool     `json:"anonymous,omitempty"` // silent writing revealed without names
}

// ParseTemplate reads and checks one template file.
func ParseTemplate(data []byte) (*Template, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("template: data after the template")
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("template %q: %w", t.ID, err)
	}
	return &t, nil
}

func (t *Template) validate() error {
	if t.ID == "" || strings.ContainsAny(t.ID, " \t\n") {
		return fmt.Errorf("bad id")
	}
	a := t.Agreement
	for _, tx := range []Text{t.Name, t.Description, a.Goals, a.Schedule, a.GroundRules, a.Confidentiality, a.Leaving} {
		if tx.FI == "" || tx.EN == "" {
			return fmt.Errorf("name, description or agreement section missing a language")
		}
	}
	if len(t.Assessment) == 0 || len(t.Assessment) > MaxAssessmentItems {
		return fmt.Errorf("want 1..%d assessment items", MaxAssessmentItems)
	}
	for _, it := range t.Assessment {
		if it.ID == "" || it.Text.FI == "" || it.Text.EN == "" || RuneCount(it.Text.FI) > MaxAssessmentTextLen || RuneCount(it.Text.EN) > MaxAssessmentTextLen {
			return fmt.Errorf("assessment item %q: needs an id and a text in every language", it.ID)
		}
	}
	if len(t.Meetings) == 0 || len(t.Meetings) > MaxMeetingsInGroup {
		return fmt.Errorf("want 1..%d meetings", MaxMeetingsInGroup)
	}
	for i, m := range append(append([]MeetingTemplate{}, t.Meetings...), t.Repeat) {
		if err := m.validate(); err != nil {
			return fmt.Errorf("meeting %d: %w", i+1, err)
		}
	}
	return nil
}

func (m MeetingTemplate) validate() error {
	if m.Title.FI == "" || m.Title.EN == "" {
		return fmt.Errorf("title missing a language")
	}
	if !m.Theme.complete() {
		return fmt.Errorf("theme in one language only")
	}
	if m.Minutes < 1 || m.Minutes > MaxMeetingMinutes {
		return fmt.Errorf("minutes %d out of range", m.Minutes)
	}
	if len(m.Items) == 0 || len(m.Items) > MaxAgendaItems {
		return fmt.Errorf("want 1..%d items", MaxAgendaItems)
	}
	for _, lang := range Langs {
		for j, it := range m.Items {
			if !it.Prompt.complete() {
				return fmt.Errorf("item %d: prompt in one language only", j+1)
			}
			item := AgendaItem{Title: it.Title.In(lang), Kind: it.Kind, Minutes: it.Minutes, Prompt: it.Prompt.In(lang)}
			if err := item.clean(); err != nil {
				return fmt.Errorf("item %d (%s): %v", j+1, lang, err)
			}
		}
	}
	return nil
}

// Templates returns the built-in templates, sorted by id.
func Templates() ([]*Template, error) {
	files, err := fs.Glob(templateFS, "templates/*.json")
	if err != nil {
		return nil, err
	}
	var out []*Template
	for _, f := range files {
		data, err := templateFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		t, err := ParseTemplate(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return templateOrder(out[i].ID) < templateOrder(out[j].ID) })
	return out, nil
}

// templateOrder puts the formats in the order people meet them.
func templateOrder(id string) string {
	switch id {
	case "mepe":
		return "0"
	case "mentor-group":
		return "1"
	case "supervisor-peer":
		return "2"
	}
	return "9" + id
}
