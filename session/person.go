package session

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Role is a person's global role. Group roles come with groups.
type Role string

const (
	RoleAdmin       Role = "admin"       // runs the server, invites facilitators
	RoleFacilitator Role = "facilitator" // creates groups and drives meetings
	RoleMember      Role = "member"      // takes part in the groups they were invited to
	RoleReader      Role = "reader"      // reads the organisation's shared reflections (and takes part in groups)
)

// Roles lists the global roles, most rights first.
var Roles = []Role{RoleAdmin, RoleFacilitator, RoleReader, RoleMember}

// ParseRole accepts a role name as typed on a command line.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if strings.EqualFold(strings.TrimSpace(s), string(r)) {
			return r, nil
		}
	}
	return "", Errorf(EInvalid, MsgRoleInvalid, s)
}

// Lang is a user interface language.
type Lang string

const (
	LangFI Lang = "fi"
	LangEN Lang = "en"
)

// Langs lists the supported languages.
var Langs = []Lang{LangFI, LangEN}

// ParseLang accepts "fi" or "en" (any case).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fi":
		return LangFI, nil
	case "en":
		return LangEN, nil
	}
	return "", Errorf(EInvalid, MsgLangInvalid, s)
}

// LangFromLocale maps a POSIX locale such as "fi_FI.UTF-8" to a language;
// ok is false when the locale names neither language.
func LangFromLocale(locale string) (Lang, bool) {
	l := strings.ToLower(strings.TrimSpace(locale))
	switch {
	case strings.HasPrefix(l, "fi"):
		return LangFI, true
	case strings.HasPrefix(l, "en"):
		return LangEN, true
	}
	return "", false
}

// MaxNameLen is the longest display name, in characters.
const MaxNameLen = 64

// CleanName sanitises a display name and checks its length.
func CleanName(s string) (string, error) {
	name := CleanLine(s)
	switch {
	case NameKey(name) == "": // blank, or only characters that draw as blanks
		return "", Errorf(EInvalid, MsgNameEmpty)
	case RuneCount(name) > MaxNameLen:
		return "", Errorf(EInvalid, MsgNameTooLong, MaxNameLen)
	}
	if i := strings.IndexFunc(name, isRoomMark); i >= 0 {
		r, _ := utf8.DecodeRuneInString(name[i:])
		return "", Errorf(EInvalid, MsgNameRoomMark, string(r))
	}
	key := NameKey(name)
	for _, l := range RoomLabels() {
		if strings.Contains(key, "("+NameKey(l)+")") {
			return "", Errorf(EInvalid, MsgNameRoomLabel, "("+l+")")
		}
	}
	return name, nil
}

// RoomLabels are the words a live room puts in brackets after a name, in
// every language (the catalogs' room.leader and room.you): "Fasi
// (ohjaaja)" typed as a name would pass for the group's leader.
func RoomLabels() []string { return []string{"leader", "ohjaaja", "you", "sinä"} }

// isRoomMark reports the marks a live room puts after a name — ★ a
// leader, ✋ a raised hand, ✎ writing — and the symbols drawn like them:
// a name wearing one would pass for a leader in the list of who is here.
func isRoomMark(r rune) bool {
	switch {
	case r >= '\u2605' && r <= '\u2606', r >= '\u2726' && r <= '\u2730', r >= '\u2b50' && r <= '\u2b52',
		r == '\U0001f31f', r == '\u22c6', r == '\u066d': // ★☆ ✦–✰ ⭐⭑⭒ 🌟 ⋆ ٭
		return true
	case r == '\u270b', r == '\u270c', r == '\U0001f590', r == '\U0001f64b', r == '\U0001f91a': // ✋ ✌ 🖐 🙋 🤚
		return true
	case r >= '\u270d' && r <= '\u2710', r == '\U0001f4dd', r == '\U0001f58a', r == '\U0001f58b': // ✍ ✎ ✏ ✐ 📝 🖊 🖋
		return true
	}
	return false
}

// Person is someone who has joined piiri with at least one SSH key.
type Person struct {
	ID        int64
	Name      string
	Lang      Lang
	Role      Role
	CreatedAt time.Time
}

// Key is an SSH public key that identifies a person.
type Key struct {
	Fingerprint string // SHA256:… as ssh-keygen -l prints it
	Type        string // e.g. ssh-ed25519
	PersonID    int64
	AddedAt     time.Time
}

// PersonSummary is a person as the admin's list shows them.
type PersonSummary struct {
	Person
	Keys []string // fingerprints
}

// ShortFingerprint shortens a key fingerprint for logs and narrow screens.
func ShortFingerprint(fp string) string {
	fp = strings.TrimPrefix(fp, "SHA256:")
	if len(fp) > 12 {
		fp = fp[:12]
	}
	return fp
}
