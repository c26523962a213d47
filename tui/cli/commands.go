package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/format"
	"github.com/piiri/piiri/tui/i18n"
)

func helpCommand() Command {
	return Command{
		Name: "help", Summary: "cli.help.summary", Public: true,
		Run: func(_ context.Context, env *Env, _ *flag.FlagSet) error {
			printUsage(env, env.Stdout)
			return nil
		},
	}
}

func whoamiCommand() Command {
	return Command{
		Name: "whoami", Args: "[--json]", Summary: "cli.whoami.summary",
		Flags: func(fs *flag.FlagSet) { fs.Bool("json", false, "") },
		Run: func(_ context.Context, env *Env, fs *flag.FlagSet) error {
			p := env.Actor.Person
			if flagBool(fs, "json") {
				return writeJSON(env.Stdout, map[string]any{
					"id": p.ID, "name": p.Name, "role": p.Role, "lang": p.Lang,
					"fingerprint": env.Actor.Fingerprint,
				})
			}
			fmt.Fprintf(env.Stdout, "%s\n%s: %s\n%s: %s\n%s: %s\n", p.Name,
				env.Cat.T("cli.whoami.role"), env.Cat.Role(p.Role),
				env.Cat.T("cli.whoami.lang"), i18n.LangName(p.Lang),
				env.Cat.T("cli.whoami.key"), env.Actor.Fingerprint)
			return nil
		},
	}
}

func redeemCommand() Command {
	return Command{
		Name: "redeem", Args: "CODE --name NAME [--lang fi|en]", Summary: "cli.redeem.summary", Public: true,
		Flags: func(fs *flag.FlagSet) {
			fs.String("name", "", "")
			fs.String("lang", "", "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() < 1 {
				return usageError{env.Cat.T("cli.redeem.need_code")}
			}
			// ssh joins its arguments with spaces, so a quoted name arrives
			// as several words: the words after the code belong to the name.
			name := strings.TrimSpace(flagString(fs, "name") + " " + strings.Join(fs.Args()[1:], " "))
			if env.Actor.Known() {
				g, err := env.Service.JoinGroup(ctx, env.Actor, fs.Arg(0))
				if err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, env.Cat.T("cli.redeem.joined_group", g.Name))
				return nil
			}
			lang := flagString(fs, "lang")
			if lang == "" {
				lang = string(env.Cat.Lang())
			}
			p, err := env.Service.Redeem(ctx, env.Actor, session.RedeemRequest{
				Code: fs.Arg(0), Name: name, Lang: lang, KeyType: env.KeyType,
			})
			if err != nil {
				return err
			}
			env.Cat = i18n.For(p.Lang)
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.redeem.welcome", p.Name, env.Cat.Role(p.Role)))
			// A group's invite also made them a member: say of which group.
			joined := session.Actor{Fingerprint: env.Actor.Fingerprint, Person: p}
			if gs, err := env.Service.Groups(ctx, joined); err == nil {
				for _, g := range gs {
					fmt.Fprintln(env.Stdout, env.Cat.T("cli.redeem.in_group", g.Name, env.Cat.T("grouprole."+string(g.MyRole))))
					if g.NeedsAck {
						fmt.Fprintln(env.Stdout, env.Cat.T("cli.agreement.how", g.ID))
					}
				}
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.interactive", env.Connect))
			return nil
		},
	}
}

func renameCommand() Command {
	return Command{
		Name: "rename", Args: "NEW NAME", Summary: "cli.rename.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			// As with redeem, ssh splits a quoted name into words.
			name := strings.Join(fs.Args(), " ")
			if strings.TrimSpace(name) == "" {
				return usageError{env.Cat.T("cli.rename.need_name")}
			}
			p, err := env.Service.SetName(ctx, env.Actor, name)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T("cli.rename.done", p.Name))
			return nil
		},
	}
}

func settingsPlainCommand() Command {
	return Command{
		Name: "settings plain", Args: "[on|off]", Summary: "cli.settings_plain.summary",
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				on, err := env.Service.PlainMode(ctx, env.Actor)
				if err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, env.Cat.T(map[bool]string{true: "cli.settings_plain.is_on", false: "cli.settings_plain.is_off"}[on]))
				return nil
			}
			var on bool
			switch strings.ToLower(fs.Arg(0)) {
			case "on", "päälle":
				on = true
			case "off", "pois":
			default:
				return usageError{env.Cat.T("cli.settings_plain.usage")}
			}
			if fs.NArg() > 1 {
				return usageError{env.Cat.T("cli.unexpected_args", strings.Join(fs.Args()[1:], " "))}
			}
			if err := env.Service.SetPlainMode(ctx, env.Actor, on); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, env.Cat.T(map[bool]string{true: "cli.settings_plain.on", false: "cli.settings_plain.off"}[on], env.Connect))
			return nil
		},
	}
}

func inviteCreateCommand() Command {
	return Command{
		Name: "invite create", Args: "[--group GROUP] --role ROLE [--uses N] [--expires 7d] [--lang fi|en] [--message]",
		Summary: "cli.invite_create.summary",
		Flags: func(fs *flag.FlagSet) {
			fs.String("group", "", "")
			fs.String("role", "", "")
			fs.Int("uses", session.DefaultInviteUses, "")
			fs.String("expires", "7d", "")
			fs.String("lang", "", "")
			fs.Bool("message", false, "")
		},
		Run: func(ctx context.Context, env *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usageError{env.Cat.T("cli.unexpected_args", strings.Join(fs.Args(), " "))}
			}
			msgCat, err := langFlag(env, fs)
			if err != nil {
				return err
			}
			var inv *session.Invite
			var groupName string
			if ref := flagString(fs, "group"); ref != "" {
				g, err := env.Service.FindGroup(ctx, env.Actor, ref)
				if err != nil {
					return err
				}
				groupName = g.Name
				role, err := session.ParseGroupRole(flagString(fs, "role"))
				if err != nil {
					return err
				}
				ttl, err := session.ParseTTL(flagString(fs, "expires"))
				if err != nil {
					return err
				}
				if inv, err = env.Service.CreateGroupInvite(ctx, env.Actor, g.ID, role, flagInt(fs, "uses"), ttl); err != nil {
					return err
				}
			} else {
				spec, err := InviteSpecFromFlags(flagString(fs, "role"), flagInt(fs, "uses"), flagString(fs, "expires"))
				if err != nil {
					return err
				}
				if inv, err = env.Service.CreateInvite(ctx, env.Actor, spec); err != nil {
					return err
				}
			}
			// The code alone on stdout, as scripts expect; the message for
			// the person invited on stderr, or on stdout with --message.
			msg := format.InviteMessage(msgCat, format.InviteDetails{Code: inv.Code, GroupName: groupName, ExpiresAt: inv.ExpiresAt,
				Loc: env.Service.Loc, Connect: env.Connect, HostKey: env.HostKey})
			if flagBool(fs, "message") {
				fmt.Fprint(env.Stdout, msg)
				return nil
			}
			fmt.Fprintln(env.Stdout, session.FormatCode(inv.Code))
			fmt.Fprint(env.Stderr, "\n"+msg)
			return nil
		},
	}
}

// InviteSpecFromFlags reads the flags that every invite command shares.
func InviteSpecFromFlags(role string, uses int, expires string) (session.InviteSpec, error) {
	r, err := session.ParseRole(role)
	if err != nil {
		return session.InviteSpec{}, err
	}
	ttl, err := session.ParseTTL(expires)
	if err != nil {
		return session.InviteSpec{}, err
	}
	if uses < 1 {
		return session.InviteSpec{}, session.Errorf(session.EInvalid, session.MsgUsesInvalid, session.MaxInviteUses)
	}
	return session.InviteSpec{Role: r, Uses: uses, TTL: ttl}, nil
}

func flagString(fs *flag.FlagSet, name string) string { return fs.Lookup(name).Value.String() }

func flagBool(fs *flag.FlagSet, name string) bool {
	return fs.Lookup(name).Value.(flag.Getter).Get().(bool)
}

func flagInt(fs *flag.FlagSet, name string) int {
	return fs.Lookup(name).Value.(flag.Getter).Get().(int)
}
