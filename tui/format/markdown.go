package format

import "strings"

// MarkdownText escapes the characters that would make typed text into Markdown
// structure (emphasis, links, headings, HTML).
func MarkdownText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`)
	return r.Replace(s)
}

// MarkdownCell is MarkdownText for a table cell.
func MarkdownCell(s string) string { return MarkdownText(strings.ReplaceAll(s, "\n", " ")) }
