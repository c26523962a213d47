// Package format renders the domain's values as text the TUI and the plain
// command surface (tui/cli) both show: bars and numbers the reader's way,
// the programme report (text, Markdown, HTML, JSON), a meeting's summary
// Markdown, search snippets, sharing and quote lines, invite messages and
// task responses. It holds no state and draws no styles: each view adds
// its own. Both tui and tui/cli import it; it imports neither.
package format
