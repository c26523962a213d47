package component

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Confirm is the one yes/no question of every screen, asked before
// something that cannot be undone. While it is open it takes every key:
// the yes key of the viewer's language (k in Finnish, y in English) runs
// yes, any other key (n/e, esc) closes it and does nothing.
type Confirm struct {
	c        *Common
	question string
	yes      func() tea.Cmd
	keys     ConfirmKeyMap
}

// ConfirmKeyMap is a question's keys.
type ConfirmKeyMap struct {
	Yes key.Binding
	No  key.Binding
}

// NewConfirm asks question; yes runs on a yes.
func NewConfirm(c *Common, question string, yes func() tea.Cmd) *Confirm {
	y, n := c.Cat.T("key.yes_key"), c.Cat.T("key.no_key")
	return &Confirm{c: c, question: question, yes: yes, keys: ConfirmKeyMap{
		Yes: Bind(c.Cat, y, "key.yes", y),
		No:  Bind(c.Cat, n+"/esc", "key.no", n, "esc"),
	}}
}

// Update answers the question with a key press: done reports that the
// question is closed, and cmd is yes's work on a yes.
func (q *Confirm) Update(msg tea.Msg) (done bool, cmd tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	if key.Matches(k, q.keys.Yes) {
		return true, q.yes()
	}
	return true, nil
}

// Question is the question with its answer keys: "Poistetaanko? (k/e)".
func (q *Confirm) Question() string { return q.question + YesNo(q.c) }

// View draws the question wrapped to width.
func (q *Confirm) View(width int) string {
	return lipgloss.NewStyle().Width(width).Render(q.c.Styles.Error.Render("? " + q.Question()))
}

// KeyMap is the question's help bar.
func (q *Confirm) KeyMap() KeyMap { return Keys([]key.Binding{q.keys.Yes, q.keys.No}) }

// Keys are the question's bindings, for conflict tests.
func (q *Confirm) Keys() ConfirmKeyMap { return q.keys }

// YesNo is the answer keys a question shows after it: " (k/e)" or " (y/n)".
func YesNo(c *Common) string {
	return " (" + c.Cat.T("key.yes_key") + "/" + c.Cat.T("key.no_key") + ")"
}
