package session

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCleanText: whatever people type, what reaches another terminal has
// no escape or control characters, is valid UTF-8, and cleaning twice
// changes nothing.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"", "Aino", "a\x1b[31mb", "\x1b]8;;http://x\x07link", "rivi\r\nrivi", "\u202eevil", "\xff\xfe", "\x9b2J", "tab\there", "a\u200bb", "\u3164", "e\u0301\u0302\u0303\u0304", "A\u0308iti", "x\u0301\u0302\x1b[m\u0303\u0304"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for name, clean := range map[string]func(string) string{"CleanLine": CleanLine, "CleanText": CleanText} {
			out := clean(in)
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q: invalid UTF-8", name, in, out)
			}
			for _, r := range out {
				if r == '\n' && name == "CleanText" {
					continue
				}
				if unicode.IsControl(r) || isInvisible(r) {
					t.Fatalf("%s(%q) = %q: control or invisible %U", name, in, out, r)
				}
			}
			marks := 0
			for _, r := range out {
				if marks = marks + 1; !isCombining(r) {
					marks = 0
				}
				if marks > MaxCombiningMarks {
					t.Fatalf("%s(%q) = %q: more than %d combining marks on one character", name, in, out, MaxCombiningMarks)
				}
			}
			if again := clean(out); again != out {
				t.Fatalf("%s not idempotent: %q → %q → %q", name, in, out, again)
			}
		}
	})
}

// FuzzParseTemplate: template data never makes the parser panic, and what
// it accepts is complete in every language.
func FuzzParseTemplate(f *testing.F) {
	for _, name := range []string{"mepe", "mentor-group", "supervisor-peer"} {
		data, err := os.ReadFile("templates/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"id":"x"}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tmpl, err := ParseTemplate(data)
		if err != nil {
			return
		}
		if tmpl.Name.FI == "" || tmpl.Name.EN == "" || len(tmpl.Meetings) == 0 {
			t.Fatalf("accepted an incomplete template: %+v", tmpl)
		}
		for _, m := range tmpl.Meetings {
			for _, it := range m.Items {
				if it.Minutes < 1 || it.Minutes > MaxItemMinutes || strings.TrimSpace(it.Title.FI) == "" {
					t.Fatalf("accepted a bad item: %+v", it)
				}
			}
		}
	})
}

// FuzzNameKey: any name compares equal to itself however it is cased or
// padded, and its key carries nothing invisible.
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Fasi", "Ｆаsі  ohjaaja", "Pa\u0308rttyli", "\u200b\u3164", "ΝΙΚΟ νiνο", "e\u0301\u0302\u0303\u0304"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		key := NameKey(name)
		if !SameName(name, name) || !SameName(name, "  "+name+"\u200b ") {
			t.Fatalf("%q is not the same as itself (%q)", name, key)
		}
		for _, r := range key {
			if unicode.IsControl(r) || isInvisible(r) {
				t.Fatalf("NameKey(%q) = %q: invisible %U", name, key, r)
			}
		}
	})
}
