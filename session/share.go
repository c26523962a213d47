package session

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sharing onward limits.
const (
	MaxAudienceNameLen = 80  // a named audience, e.g. "johtoryhmä"
	MaxShareQuotes     = 20  // quotes in one decision
	MaxShareCandidates = 200 // reflections offered to quote, newest first
	MaxShareTargets    = 200 // groups offered as an audience
)

// ShareAudience is who an item shared onward is for.
type ShareAudience string

// AudienceReaders is the organisation's readers; AudienceNamed is an
// audience outside piiri named in words (Share.AudienceName); a group
// audience is "group:ID".
const (
	AudienceReaders ShareAudience = "readers"
	AudienceNamed   ShareAudience = "named"
)

// IsGroup reports whether the audience is another group.
func (a ShareAudience) IsGroup() bool { return strings.HasPrefix(string(a), "group:") }

// ShareHow is how the group shares an item onward.
type ShareHow string

// The ways of the seed material.
const (
	HowTraining   ShareHow = "training"         // material for an internal training
	HowFollowUp   ShareHow = "follow-up"        // follow-on mentoring
	HowOutside    ShareHow = "outside-training" // a training outside the organisation
	HowElectronic ShareHow = "electronic"       // electronic channels: intranet, newsletter
	HowDocument   ShareHow = "document"         // a document, e.g. a memo or guide
)

// ShareHows lists the ways, in the order a form offers them.
var ShareHows = []ShareHow{HowTraining, HowFollowUp, HowOutside, HowElectronic, HowDocument}

// ParseShareHow accepts a way by its name; "export", the name before the
// seed's list, is a document.
func ParseShareHow(s string) (ShareHow, error) {
	s = strings.TrimSpace(s)
	if s == "export" {
		return HowDocument, nil
	}
	for _, h := range ShareHows {
		if string(h) == s {
			return h, nil
		}
	}
	return "", Errorf(EInvalid, MsgHowInvalid, CleanLine(s))
}

// ParseShareDate reads a date typed the Finnish way (1.12.2026) or ISO
// (2026-12-01).
func ParseShareDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, Errorf(EInvalid, MsgShareWhenEmpty)
	}
	for _, layout := range []string{"2.1.2006", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSuffix(s, ".")); err == nil && t.Year() >= 2000 && t.Year() <= 2100 {
			return t, nil
		}
	}
	return time.Time{}, Errorf(EInvalid, MsgShareWhenInvalid, CleanLine(s))
}

// QuoteStatus is an author's answer to a request to quote their reflection.
type QuoteStatus string

const (
	QuoteAsked    QuoteStatus = "asked"
	QuoteApproved QuoteStatus = "approved"
	QuoteDeclined QuoteStatus = "declined"
	// QuoteWithdrawn: the author approved, then took the approval back
	// (or made the reflection private). The quote is gone from every
	// audience until they approve again.
	QuoteWithdrawn QuoteStatus = "withdrawn"
)

// Share is a decision of a group on what it shares onward, to whom, how
// and when.
type Share struct {
	ID           int64
	GroupID      int64
	GroupName    string
	What         string
	Audience     ShareAudience
	AudienceName string // the target group's name, or the named audience
	How          ShareHow
	When         time.Time // the day; zero for decisions made before it was asked
	CreatedBy    int64
	CreatedName  string // who made the decision and asks for the quotes
	CreatedAt    time.Time
	Quotes       []Quote
}

// Quote is an excerpt of a reflection that an item shared onward would
// quote. Body is the excerpt exactly as the author was asked to approve
// it, filled in only where the viewer may read it: for the audience, once
// approved.
type Quote struct {
	ShareID      int64
	ReflectionID int64
	AuthorID     int64
	AuthorName   string
	Status       QuoteStatus
	Body         string
	Whole        bool       // the excerpt is the whole reflection as it was asked
	Visibility   Visibility // the reflection's, now
}

// Published reports whether the quote may reach the share's audience:
// only while the author's approval stands and the reflection is not
// private. Both are read at every request, so withdrawing or making the
// reflection private takes it away from everyone at once.
func (q Quote) Published() bool {
	return q.Status == QuoteApproved && q.Visibility != VisPrivate
}

// ShareInput is a decision as a leader records it.
type ShareInput struct {
	GroupID int64
	What    string
	// Audience is "readers", another group's id, or "named" (or empty)
	// with AudienceName the audience in words.
	Audience     string
	AudienceName string
	How          string
	When         string // 1.12.2026 or 2026-12-01
	Quotes       []int64
	// Excerpts are the parts of the quoted reflections to quote, by
	// reflection id; each must be found in the reflection as it is. None:
	// the whole reflection.
	Excerpts map[int64]string
}

// ApprovalRequest is a request to the author to let a decision quote an
// excerpt of theirs: who asks, which text, to whom, how and when.
type ApprovalRequest struct {
	Quote
	GroupName    string
	What         string
	Audience     ShareAudience
	AudienceName string
	How          ShareHow
	When         time.Time
	AskedBy      string
	Excerpt      string // the same as Body: what the author approves
}

// ShareCandidate is a reflection a leader may quote.
type ShareCandidate struct {
	ID         int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
	Sentences  []string // the body's sentences, to mark an excerpt by
}

// ShareTarget is a group a decision may be shared to.
type ShareTarget struct {
	ID   int64
	Name string
}

// Sentences splits a text into sentences, each an exact substring of the
// text: one ends at . ! ? or … followed by a space (closing quotes and
// brackets stay with it), and at every line break.
func Sentences(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if s := strings.TrimRightFunc(text[start:end], unicode.IsSpace); s != "" {
				out = append(out, s)
			}
		}
		start = -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			flush(i)
		case start < 0 && !unicode.IsSpace(r):
			start = i
		}
		i += size
		if start >= 0 && strings.ContainsRune(".!?…", r) {
			j := i
			for j < len(text) {
				c, n := utf8.DecodeRuneInString(text[j:])
				if !strings.ContainsRune("\"'”»)]", c) {
					break
				}
				j += n
			}
			if j == len(text) || text[j] == ' ' || text[j] == '\n' || text[j] == '\t' {
				flush(j)
				i = j
			}
		}
	}
	flush(len(text))
	return out
}

// ExcerptBetween returns the text from sentence from to sentence to
// (1-based, inclusive) exactly as it stands in text.
func ExcerptBetween(text string, from, to int) (string, error) {
	ss := Sentences(text)
	if from < 1 || to < from || to > len(ss) {
		return "", Errorf(EInvalid, MsgExcerptRange, len(ss))
	}
	// Each sentence is found after the previous one, so repeated
	// sentences map to their own place.
	pos, begin := 0, 0
	for i := 0; i < to; i++ {
		at := strings.Index(text[pos:], ss[i]) + pos
		if i == from-1 {
			begin = at
		}
		pos = at + len(ss[i])
	}
	return text[begin:pos], nil
}
