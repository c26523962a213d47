package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/piiri/piiri/docs"
	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// guideCommand prints the participant guide with this server's connect
// command and host key filled in. It is public: a person who has not
// joined yet is the one who needs it most, and it costs the server one
// fixed text.
func guideCommand() Command {
	return Command{
		Name: "guide", Args: "[--lang fi|en]", Summary: "cli.guide.summary", Public: true,
		Flags: func(fs *flag.FlagSet) { fs.String("lang", "", "") },
		Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usageError{env.Cat.T("cli.unexpected_args", strings.Join(fs.Args(), " "))}
			}
			cat, err := langFlag(env, fs)
			if err != nil {
				return err
			}
			fmt.Fprint(env.Stdout, docs.Guide(string(cat.Lang()), env.Connect, env.HostKey))
			return nil
		},
	}
}

// langFlag is the catalog --lang asks for, else the caller's own.
func langFlag(env *Env, fs *flag.FlagSet) (i18n.Catalog, error) {
	v := flagString(fs, "lang")
	if v == "" {
		return env.Cat, nil
	}
	l, err := session.ParseLang(v)
	if err != nil {
		return env.Cat, err
	}
	return i18n.For(l), nil
}

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
