package tui

import "github.com/piiri/piiri/tui/style"

// Styles are the session's styles (see package style).
type Styles = style.Styles

// NewStyles returns the styles for a dark or light background.
func NewStyles(isDark bool) Styles { return style.New(isDark) }
