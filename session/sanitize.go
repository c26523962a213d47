package session

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanLine makes one line of text that a person typed safe to show on
// another person's terminal: escape sequences and control characters are
// removed, line breaks and tabs become spaces, and the ends are trimmed.
func CleanLine(s string) string {
	s = stripControls(s, false)
	return strings.TrimSpace(s)
}

// CleanText is CleanLine for multi-line text: it keeps line breaks
// (normalised to "\n") and turns tabs into four spaces.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = stripControls(s, true)
	return strings.TrimSpace(s)
}

// MaxCombiningMarks is how many combining marks one character keeps: enough
// for any language people here write (a decomposed ä has one), too few to
// stack marks over the lines above and below ("zalgo" text).
const MaxCombiningMarks = 3

// stripControls removes escape sequences (CSI, OSC, DCS and the like, in
// their 7-bit and 8-bit forms), C0/C1 control characters, invisible
// formatting characters (bidi controls, zero-width characters, soft
// hyphens, tags) and blank fillers that can make text display differently
// from what it is or make two names look the same, and combining marks
// beyond MaxCombiningMarks on one character. Invalid UTF-8 becomes U+FFFD.
func stripControls(s string, keepNewlines bool) string {
	var b strings.Builder
	b.Grow(len(s))
	marks := 0 // combining marks written since the last base character
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		before := b.Len()
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b: // ESC: skip the whole sequence
			i = skipEscape(s, i)
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i)
		case r == 0x90 || r == 0x9d || r == 0x98 || r == 0x9e || r == 0x9f: // 8-bit DCS, OSC, SOS, PM, APC
			i = skipString(s, i)
		case r == '\n' || r == '\r':
			if keepNewlines && r == '\n' {
				b.WriteByte('\n')
			} else if r == '\n' || !keepNewlines {
				b.WriteByte(' ')
			}
		case r == '\t':
			if keepNewlines {
				b.WriteString("    ")
			} else {
				b.WriteByte(' ')
			}
		case unicode.IsControl(r), isInvisible(r), r == '\u2028', r == '\u2029':
			// dropped
		case isEmojiSelector(r) && !afterSymbol(b.String()):
			// dropped: after a letter it draws nothing (Fa\ufe0fsi is Fasi)
		case isCombining(r):
			if marks < MaxCombiningMarks {
				b.WriteRune(r)
			}
			marks++
			continue
		default:
			b.WriteRune(r)
		}
		// Only a character written starts a new count: what was dropped
		// must not let the marks around it add up past the cap.
		if b.Len() > before {
			marks = 0
		}
	}
	return b.String()
}

// isInvisible reports the characters that show as nothing but change how
// text around them looks or compares: Unicode's format characters (Cf:
// zero-width space and joiners, soft hyphen, BOM, bidi controls, tags),
// the Hangul fillers, which render as blanks, and the marks that draw
// nothing (the combining grapheme joiner, the variation selectors and the
// Khmer inherent vowels and Mongolian selectors), which are not Cf.
func isInvisible(r rune) bool {
	switch {
	case r == '\u115f', r == '\u1160', r == '\u3164', r == '\uffa0':
		return true
	case r == '\u034f', r == '\u17b4', r == '\u17b5', r >= '\u180b' && r <= '\u180f':
		return true
	case r >= '\ufe00' && r <= '\ufe0d', r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return unicode.Is(unicode.Cf, r) || isBidiControl(r)
}

// isEmojiSelector reports the variation selectors that ask for the text or
// the emoji form of a symbol (❤ or ❤️): kept after one, dropped elsewhere.
func isEmojiSelector(r rune) bool { return r == '\ufe0e' || r == '\ufe0f' }

// afterSymbol reports whether the text written so far ends in a character
// that may have an emoji form: not a letter, mark or space.
func afterSymbol(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && !unicode.IsLetter(r) && !unicode.IsSpace(r) && !isCombining(r)
}

// isCombining reports a mark that combines with the character before it.
func isCombining(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

// skipEscape returns the index just after the escape sequence whose ESC
// ended at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	default:
		// Two-byte sequences, plus the intermediate bytes of nF sequences.
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		return i
	}
}

// skipCSI skips parameter and intermediate bytes up to the final byte.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			return i
		}
		if c < 0x20 || c > 0x7e { // malformed: stop here, let the caller filter it
			return i - 1
		}
	}
	return i
}

// skipString skips an OSC/DCS-style string up to BEL or ST (ESC \ or 0x9c).
func skipString(s string, i int) int {
	for i < len(s) {
		if s[i] == 0x07 {
			return i + 1
		}
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
			return i + 2
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x9c {
			return i + size
		}
		i += size
	}
	return i
}

func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// RuneCount is the length limit measure for user text: characters, not bytes.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }
