package format

import (
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// InviteDetails is what an invite message tells the person invited.
type InviteDetails struct {
	Code      string // as made; shown formatted
	GroupName string // "" for an invite into piiri only
	ExpiresAt time.Time
	Loc       *time.Location // the server's zone, for the expiry
	Connect   string         // ssh -p PORT HOST
	HostKey   string         // SHA256:… of the server's host key
}

// InviteMessage is the text a facilitator sends to the person invited, in
// cat's language: how to make a key, the command to connect, the host key
// to compare, the code and where the guide is.
func InviteMessage(cat i18n.Catalog, d InviteDetails) string {
	var b strings.Builder
	if d.GroupName != "" {
		b.WriteString(cat.T("invite.msg.title_group", session.CleanLine(d.GroupName)) + "\n\n")
	} else {
		b.WriteString(cat.T("invite.msg.title") + "\n\n")
	}
	// The expiry as piiri shows times everywhere: in the server's zone,
	// the language's way, the zone named.
	loc := d.Loc
	if loc == nil {
		loc = d.ExpiresAt.Location()
	}
	b.WriteString(cat.T("invite.msg.key") + "\n")
	b.WriteString(cat.T("invite.msg.connect", d.Connect) + "\n")
	if d.HostKey != "" {
		b.WriteString(cat.T("invite.msg.host_key", d.HostKey) + "\n")
	}
	b.WriteString(cat.T("invite.msg.code", session.FormatCode(d.Code), cat.WhenZone(d.ExpiresAt, loc)) + "\n\n")
	b.WriteString(cat.T("invite.msg.guide", d.Connect, string(cat.Lang())) + "\n")
	return b.String()
}
