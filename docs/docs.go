// Package docs holds the participant guides, Finnish and English, as
// Markdown templates: the server fills in its own connect command and host
// key fingerprint (`ssh -p PORT HOST guide`).
package docs

import (
	"embed"
	"strings"
)

//go:embed participant-guide.md osallistujan-opas.md
var files embed.FS

// Guide returns the participant guide in lang ("fi" or "en"; anything
// else is English) with the placeholders {{connect}} and {{fingerprint}}
// filled in and the notes for readers of the source left out.
func Guide(lang, connect, fingerprint string) string {
	name := "participant-guide.md"
	if lang == "fi" {
		name = "osallistujan-opas.md"
	}
	b, err := files.ReadFile(name)
	if err != nil {
		panic("docs: " + name + " is not embedded") // the build embeds both
	}
	return strings.NewReplacer("{{connect}}", connect, "{{fingerprint}}", fingerprint).Replace(repoOnly(string(b)))
}

// repoOnly removes the notes meant for readers of the file itself (how to
// get it printed), marked <!-- repo --> … <!-- /repo -->.
func repoOnly(s string) string {
	for {
		i := strings.Index(s, "<!-- repo -->\n")
		j := strings.Index(s, "<!-- /repo -->\n")
		if i < 0 || j < i {
			return s
		}
		rest := s[j+len("<!-- /repo -->\n"):]
		if strings.HasSuffix(s[:i], "\n\n") {
			rest = strings.TrimPrefix(rest, "\n") // no double blank line
		}
		s = s[:i] + rest
	}
}
