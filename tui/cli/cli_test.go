package cli

import (
	"flag"
	"reflect"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args       []string
		name, lang string
		positional []string
		err        bool
	}{
		{[]string{"CODE", "--name", "Aino"}, "Aino", "", []string{"CODE"}, false},
		{[]string{"--name", "Aino", "CODE", "Virtanen", "--lang", "fi"}, "Aino", "fi", []string{"CODE", "Virtanen"}, false},
		{[]string{"CODE", "--", "--name"}, "", "", []string{"CODE", "--name"}, false},
		{[]string{"--bogus"}, "", "", nil, true},
		{[]string{"CODE", "--name"}, "", "", nil, true},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(nilWriter{})
		name := fs.String("name", "", "")
		lang := fs.String("lang", "", "")
		err := ParseInterspersed(fs, tt.args)
		if (err != nil) != tt.err {
			t.Errorf("%v: err = %v", tt.args, err)
			continue
		}
		if err != nil {
			continue
		}
		got := fs.Args()
		if len(got) == 0 {
			got = nil
		}
		if *name != tt.name || *lang != tt.lang || !reflect.DeepEqual(got, tt.positional) {
			t.Errorf("%v: name %q lang %q args %q", tt.args, *name, *lang, got)
		}
	}
}

type nilWriter struct{}

func (nilWriter) Write(p []byte) (int, error) { return len(p), nil }

func TestFindLongestCommand(t *testing.T) {
	cmd, rest := find([]string{"invite", "create", "--role", "member"})
	if cmd == nil || cmd.Name != "invite create" || !reflect.DeepEqual(rest, []string{"--role", "member"}) {
		t.Fatalf("find = %v %v", cmd, rest)
	}
	if cmd, _ := find([]string{"invite"}); cmd != nil {
		t.Fatalf("partial name matched %q", cmd.Name)
	}
	if cmd, _ := find(nil); cmd != nil {
		t.Fatal("empty argv matched")
	}
}
