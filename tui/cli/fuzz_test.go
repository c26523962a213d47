package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/i18n"
)

// FuzzCommandLine drives the SSH command surface with arbitrary command
// lines, as an unknown key and as a member: it never panics, exits 0, 1 or
// 2, and never echoes an escape sequence it was given.
func FuzzCommandLine(f *testing.F) {
	for _, s := range []string{"help", "whoami --json", "redeem ABCD --name Aino Virtanen --lang fi", "frob", "groups --json",
		"meetings --group 1", "agenda x", "reflections --search \"ohjaa*", "invite create --role admin --uses -1", "report 1 --md",
		"share add --group 1 --quote 1,x", "-- --", "agenda \x1b[31m1", ""} {
		f.Add(s)
	}
	db, err := storage.Open(context.Background(), filepath.Join(f.TempDir(), "piiri.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	svc, err := session.NewService(db)
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	inv, err := svc.CreateInvite(ctx, session.Operator(), session.InviteSpec{Role: session.RoleFacilitator})
	if err != nil {
		f.Fatal(err)
	}
	unknown, _ := svc.Identify(ctx, "SHA256:fuzz-unknown")
	joiner, _ := svc.Identify(ctx, "SHA256:fuzz-member")
	if _, err := svc.Redeem(ctx, joiner, session.RedeemRequest{Code: inv.Code, Name: "Fuzz", Lang: "en"}); err != nil {
		f.Fatal(err)
	}
	member, _ := svc.Identify(ctx, "SHA256:fuzz-member")

	f.Fuzz(func(t *testing.T, line string) {
		for _, actor := range []session.Actor{unknown, member} {
			var out, errOut bytes.Buffer
			env := &Env{Service: svc, Actor: actor, Cat: i18n.For(session.LangEN), Connect: "ssh test",
				Stdin: strings.NewReader("text"), Stdout: &out, Stderr: &errOut}
			code := Run(ctx, env, strings.Fields(line))
			if code < 0 || code > 2 {
				t.Fatalf("%q: exit %d", line, code)
			}
			if strings.Contains(line, "\x1b") && (bytes.Contains(out.Bytes(), []byte("\x1b")) || bytes.Contains(errOut.Bytes(), []byte("\x1b"))) {
				t.Fatalf("%q: an escape sequence was echoed:\n%q\n%q", line, out.String(), errOut.String())
			}
		}
	})
}
