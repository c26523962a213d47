package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

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
