package style

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// Downsample is s with its colours as the client's terminal shows them
// (256 colours for most terminals without COLORTERM). The renderer draws
// the screen line by line and writes a line as it is when its colours are
// the terminal's; a line in truecolor it must first convert, on every
// redraw of every session. In 16 colours, a grey that would become the
// background's own colour (black on dark, white on light) becomes bright
// black, which shows on both.
func (s Styles) Downsample(p colorprofile.Profile, isDark bool) Styles {
	if p == colorprofile.TrueColor || p == colorprofile.Unknown {
		return s
	}
	for _, st := range []*lipgloss.Style{&s.Title, &s.Subtle, &s.Accent, &s.Error, &s.OK, &s.Label, &s.Focused,
		&s.Box, &s.Header, &s.HelpText, &s.BoxEdge} {
		*st = downsample(*st, p, isDark)
	}
	s.BoxSide = s.BoxEdge.Render("│")
	return s
}

// DownsampleHelp is the help bar's styles with the terminal's colours (the
// separators' dark grey was black on black in 16 colours).
func DownsampleHelp(h help.Styles, p colorprofile.Profile, isDark bool) help.Styles {
	if p == colorprofile.TrueColor || p == colorprofile.Unknown {
		return h
	}
	for _, st := range []*lipgloss.Style{&h.Ellipsis, &h.ShortKey, &h.ShortDesc, &h.ShortSeparator,
		&h.FullKey, &h.FullDesc, &h.FullSeparator} {
		*st = downsample(*st, p, isDark)
	}
	if p == colorprofile.ANSI {
		// The greys all become bright black: the keys stand out in the
		// terminal's own text colour instead.
		fg := lipgloss.Black
		if isDark {
			fg = lipgloss.White
		}
		h.ShortKey, h.FullKey = h.ShortKey.Foreground(fg), h.FullKey.Foreground(fg)
	}
	return h
}

func downsample(st lipgloss.Style, p colorprofile.Profile, isDark bool) lipgloss.Style {
	set := func(c color.Color) bool {
		_, none := c.(lipgloss.NoColor)
		return c != nil && !none
	}
	if c := st.GetForeground(); set(c) {
		st = st.Foreground(visible(p.Convert(c), p, isDark))
	}
	if c := st.GetBackground(); set(c) {
		st = st.Background(p.Convert(c))
	}
	if c := st.GetBorderTopForeground(); set(c) {
		st = st.BorderForeground(visible(p.Convert(c), p, isDark))
	}
	return st
}

// visible is a 16-colour foreground that shows on the background.
func visible(c color.Color, p colorprofile.Profile, isDark bool) color.Color {
	if p != colorprofile.ANSI {
		return c
	}
	if (isDark && c == lipgloss.Black) || (!isDark && (c == lipgloss.White || c == lipgloss.BrightWhite)) {
		return lipgloss.BrightBlack
	}
	return c
}
