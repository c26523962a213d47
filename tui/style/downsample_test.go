package style

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"github.com/charmbracelet/colorprofile"
)

// TestDownsampleKeepsTheHelpBarReadable: in 16 colours the help bar's
// separators and every style's text stay visible on the background (the
// separators' dark grey used to become black on black); in 256 colours
// the styles use the palette, so the renderer writes their lines as they
// are; truecolor is left alone.
func TestDownsampleKeepsTheHelpBarReadable(t *testing.T) {
	for _, dark := range []bool{true, false} {
		h := DownsampleHelp(help.DefaultStyles(dark), colorprofile.ANSI, dark)
		bg := "\x1b[37m"
		if dark {
			bg = "\x1b[30m"
		}
		for name, st := range map[string]string{"separator": h.ShortSeparator.Render(" • "), "key": h.ShortKey.Render("q"), "desc": h.ShortDesc.Render("quit")} {
			if strings.Contains(st, bg) || strings.Contains(st, "\x1b[97m") && !dark {
				t.Errorf("dark %v: the %s is drawn in the background's colour: %q", dark, name, st)
			}
		}
		if key, desc := h.ShortKey.Render("q"), h.ShortDesc.Render("q"); key == desc {
			t.Errorf("dark %v: the keys look like their descriptions: %q", dark, key)
		}
		s := New(dark).Downsample(colorprofile.ANSI, dark)
		for _, out := range []string{s.Subtle.Render("x"), s.BoxSide, s.HelpText.Render("x")} {
			if strings.Contains(out, bg) {
				t.Errorf("dark %v: %q is in the background's colour", dark, out)
			}
		}
	}
	if out := New(true).Downsample(colorprofile.ANSI256, true).Subtle.Render("x"); strings.Contains(out, "38;2;") {
		t.Errorf("256 colours: still truecolor: %q", out)
	}
	if out := New(true).Downsample(colorprofile.TrueColor, true).Subtle.Render("x"); !strings.Contains(out, "38;2;") {
		t.Errorf("truecolor changed: %q", out)
	}
}
