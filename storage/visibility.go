package storage

import (
	"strings"

	"github.com/piiri/piiri/session"
)

// The visibility rule, in SQL, for every query that lists reflections (as
// r) for a viewer. A viewer reads
//   - their own texts, whatever the visibility;
//   - the group and shared texts of the groups they are admitted to
//     (ack_version > 0: they accepted the group's agreement);
//   - as a reader, every shared text.
//
// It is session's canRead (session/service_reflections.go), which checks
// one reflection, written for many rows. The search index narrows to the
// same set first by the scope column (migrations/0004_reflections.sql:
// a<author>, g<group> unless private, "shared"), with the tokens db.scope
// picks from admittedGroupsSQL; the SQL below still decides. Change the
// three together.

// admittedGroupsSQL lists the groups whose texts a person (the argument)
// may read.
const admittedGroupsSQL = "SELECT group_id FROM memberships WHERE person_id = ? AND ack_version > 0"

// sqlCond is a condition with its arguments.
type sqlCond struct {
	sql  string
	args []any
}

// visibleBranches are the ways a viewer sees a reflection, one condition
// each: a list ORs them (visibleSQL) or reads each from its own index and
// merges them (Reflections).
func visibleBranches(v session.Viewer) []sqlCond {
	out := []sqlCond{
		{"r.author_id = ?", []any{v.PersonID}},
		{"r.visibility != 'private' AND r.group_id IN (" + admittedGroupsSQL + ")", []any{v.PersonID}},
	}
	if v.Reader {
		out = append(out, sqlCond{sharedSQL, nil})
	}
	return out
}

// sharedSQL is a reflection released to the organisation's readers.
const sharedSQL = "r.visibility = 'shared'"

// visibleSQL is the whole rule as one condition, in parentheses.
func visibleSQL(v session.Viewer) (string, []any) {
	var parts []string
	var args []any
	for _, b := range visibleBranches(v) {
		parts = append(parts, "("+b.sql+")")
		args = append(args, b.args...)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
