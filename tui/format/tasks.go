package format

import (
	"fmt"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// TaskResponsesText is a task's responses for a leader to read, the same
// on the screen and from the command. The responses were cleaned when
// they were saved.
func TaskResponsesText(cat i18n.Catalog, t *session.Task, rs []session.TaskResponse, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", cat.T("group.task_done_count", t.Done, t.Members))
	if len(rs) == 0 {
		fmt.Fprintln(&b, cat.T("group.task_no_responses"))
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "%s · %s\n", r.Name, cat.WhenZone(r.DoneAt, loc))
		for _, line := range strings.Split(r.Response, "\n") {
			fmt.Fprintf(&b, "  %s\n", line)
		}
		fmt.Fprintln(&b)
	}
	return b.String()
}
