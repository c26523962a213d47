package session

import (
	"strings"
	"unicode"
)

// NameKey is what two display names are compared by: names with the same
// key look the same on a terminal, so one person could pass for another.
// It is the cleaned name with compatibility forms folded (fullwidth and
// mathematical letters to plain ones), Cyrillic and Greek letters that
// look Latin mapped to the Latin letter, case folded, precomposed letters
// decomposed (so that ä and a+◌̈ meet), marks that do not tell names
// apart dropped and runs of white space collapsed. Letters with different
// marks stay different: Sää is not Saa.
func NameKey(name string) string {
	var b strings.Builder
	for _, r := range CleanLine(name) {
		r = compatFold(r)
		switch {
		case r == '\u2800': // the blank braille cell draws as a space
			r = ' '
		case isEmojiSelector(r): // ❤ and ❤️ are one name
			continue
		}
		if l, ok := confusables[r]; ok {
			b.WriteString(l)
			continue
		}
		r = unicode.ToLower(r)
		if d, ok := decompositions[r]; ok {
			b.WriteString(d)
			continue
		}
		if isCombining(r) && !nameMarks[r] {
			continue // a faint mark (ͅ ̩ ̥): Fasiͅ passes for Fasi
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// SameName reports whether two display names look alike.
func SameName(a, b string) bool { return NameKey(a) == NameKey(b) }

// compatFold maps the compatibility forms NFKC would fold that spell
// Latin letters and digits: fullwidth forms and the mathematical
// alphanumeric symbols (bold, italic, script, fraktur, double-struck,
// sans-serif, monospace).
func compatFold(r rune) rune {
	switch {
	case r >= 0xff01 && r <= 0xff5e: // fullwidth ASCII
		return r - 0xfee0
	case r == 0x3000: // ideographic space
		return ' '
	case r >= 0x1d400 && r <= 0x1d6a3: // 13 alphabets of A–Z a–z
		i := (r - 0x1d400) % 52
		if i < 26 {
			return 'A' + i
		}
		return 'a' + i - 26
	case r >= 0x1d7ce && r <= 0x1d7ff: // 5 sets of digits
		return '0' + (r-0x1d7ce)%10
	}
	return r
}

// confusables are letters of other scripts (and a few Latin variants)
// that are drawn like a Latin letter, by the letter they pass for. Each
// is mapped by its own shape before case folding: capital Greek Ν looks
// like N, small ν like v.
var confusables = map[rune]string{
	// Cyrillic capitals
	'А': "a", 'В': "b", 'Е': "e", 'К': "k", 'М': "m", 'Н': "h", 'О': "o", 'Р': "p", 'С': "c", 'Т': "t",
	'Х': "x", 'У': "y", 'І': "i", 'Ј': "j", 'Ѕ': "s", 'Ү': "y", 'Һ': "h", 'Ԛ': "q", 'Ԝ': "w", 'Ӏ': "l",
	'Ё': "e\u0308", 'Ї': "i\u0308",
	// Cyrillic small
	'а': "a", 'е': "e", 'о': "o", 'р': "p", 'с': "c", 'х': "x", 'у': "y", 'і': "i", 'ј': "j", 'ѕ': "s",
	'ԁ': "d", 'һ': "h", 'ԛ': "q", 'ԝ': "w", 'ӏ': "l", 'ү': "y", 'к': "k", 'ё': "e\u0308", 'ї': "i\u0308",
	// Greek capitals
	'Α': "a", 'Β': "b", 'Ε': "e", 'Ζ': "z", 'Η': "h", 'Ι': "i", 'Κ': "k", 'Μ': "m", 'Ν': "n", 'Ο': "o",
	'Ρ': "p", 'Τ': "t", 'Υ': "y", 'Χ': "x",
	// Greek small
	'α': "a", 'ε': "e", 'ι': "i", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p", 'υ': "u", 'χ': "x", 'ϲ': "c",
	'ϳ': "j", 'η': "n",
	// Latin variants
	'ı': "i", 'ȷ': "j", 'ɑ': "a", 'ɡ': "g", 'ℓ': "l", 'ſ': "s",
	// dashes and apostrophes inside names
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '−': "-",
	'’': "'", '‘': "'", 'ʼ': "'", '′': "'", '´': "'", '`': "'",
}

// nameMarks are the combining marks that tell names apart: those of the
// precomposed letters below, and the ones Vietnamese and Romanian names
// write (dot below, hook above, horn, comma below). Any other mark is
// drawn so faintly, or so rarely right, that a name with it passes for
// the name without it.
var nameMarks = func() map[rune]bool {
	out := map[rune]bool{'\u0323': true, '\u0309': true, '\u031b': true, '\u0326': true}
	for _, d := range decompositions {
		for _, r := range d {
			if isCombining(r) {
				out[r] = true
			}
		}
	}
	return out
}()

// decompositions split the precomposed small letters of Latin-script names
// into letter and combining mark, as canonical decomposition (NFD) does.
var decompositions = func() map[rune]string {
	pairs := []struct {
		mark    rune
		letters string // precomposed small letters
		bases   string // their base letters, in the same order
	}{
		{'\u0300', "àèìòùǹ", "aeioun"},
		{'\u0301', "áéíóúýćńśźĺŕǵ", "aeiouycnszlrg"},
		{'\u0302', "âêîôûĉĝĥĵŝŵŷ", "aeioucghjswy"},
		{'\u0303', "ãñõĩũỹ", "anoiuy"},
		{'\u0308', "äëïöüÿ", "aeiouy"},
		{'\u030a', "åů", "au"},
		{'\u030c', "čďěňřšťžǎǐǒǔ", "cdenrstzaiou"},
		{'\u0327', "çşţģķļņ", "cstgkln"},
		{'\u0328', "ąęįų", "aeiu"},
		{'\u0304', "āēīōū", "aeiou"},
		{'\u0306', "ăğŭ", "agu"},
		{'\u030b', "őű", "ou"},
		{'\u0307', "żė", "ze"},
	}
	out := map[rune]string{}
	for _, p := range pairs {
		bases := []rune(p.bases)
		for i, l := range []rune(p.letters) {
			out[l] = string(bases[i]) + string(p.mark)
		}
	}
	return out
}()
