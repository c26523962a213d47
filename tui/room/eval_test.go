package room

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/component"
	"github.com/piiri/piiri/tui/form"
	"github.com/piiri/piiri/tui/i18n"
)

// TestAssessmentQuestionTakesTheLanguagesYesKey: the self-assessment's
// "save with a statement unrated?" takes k in Finnish, as its text says.
func TestAssessmentQuestionTakesTheLanguagesYesKey(t *testing.T) {
	for _, tc := range []struct {
		lang    session.Lang
		yes, no string
	}{{session.LangFI, "k", "y"}, {session.LangEN, "y", "k"}} {
		c := &component.Common{Cat: i18n.For(tc.lang)}
		f := newAssessmentForm(c, []string{"Kuuntelen", "Kysyn"})
		f.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
		if f.Asking == "" || !strings.Contains(f.Asking, tc.yes+" = ") {
			t.Fatalf("%s: question %q does not name %s", tc.lang, f.Asking, tc.yes)
		}
		if res, _ := f.Update(tea.KeyPressMsg{Code: rune(tc.no[0]), Text: tc.no}); res != form.Continue || f.Asking != "" {
			t.Fatalf("%s: %s answered the question with %v", tc.lang, tc.no, res)
		}
		f.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
		if res, _ := f.Update(tea.KeyPressMsg{Code: rune(tc.yes[0]), Text: tc.yes}); res != form.Submit {
			t.Fatalf("%s: %s did not save: %v", tc.lang, tc.yes, res)
		}
	}
}

// TestEndKeepsAHalfAnsweredSelfAssessment: the meeting ending while
// someone is in the self-assessment leaves their answers on screen; the
// feedback form follows once they close it.
func TestEndKeepsAHalfAnsweredSelfAssessment(t *testing.T) {
	m, r := newKeysApp(kAino, func(r *Screen) {
		r.st.Current = 3
		r.openForm(newAssessmentForm(r.C, []string{"Osaan kuunnella", "Osaan kysyä"}), "assessment")
	})
	m.Update(keyMsg("4")) // the first statement rated
	ended := *r.st
	ended.Ended = true
	r.gotState(&ended)
	if r.evalKind != "assessment" || r.evalForm == nil || r.evalForm.Value(0) != "4" {
		t.Fatalf("the end replaced the self-assessment: %s form, first answer %q", r.evalKind, r.evalForm.Value(0))
	}
	m.Update(keyMsg("esc"))
	if r.evalKind != "feedback" || r.evalForm == nil {
		t.Fatalf("closing the self-assessment did not open the feedback: %s", r.evalKind)
	}
}

// TestEscKeepsTheSelfAssessment: esc closes the self-assessment without
// throwing the answers away; A opens it again as it was.
func TestEscKeepsTheSelfAssessment(t *testing.T) {
	m, r := newKeysApp(kAino, func(r *Screen) {
		r.st.Current = 3
		r.openForm(newAssessmentForm(r.C, []string{"Osaan kuunnella", "Osaan kysyä"}), "assessment")
	})
	m.Update(keyMsg("4"))
	m.Update(keyMsg("esc"))
	if r.evalForm != nil {
		t.Fatal("esc did not close the form")
	}
	m.Update(keyMsg("A"))
	if r.evalForm == nil || r.evalKind != "assessment" || r.evalForm.Value(0) != "4" {
		t.Fatalf("A did not bring the answers back: %v", r.evalForm)
	}
}
