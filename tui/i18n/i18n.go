// Package i18n holds every user-facing string of piiri in Finnish and
// English. Code refers to strings by key; a test fails when a key used in
// code, or a domain message key, is missing from either catalog.
package i18n

import (
	"fmt"
	"strings"

	"github.com/piiri/piiri/session"
)

// Catalog translates keys into one language.
type Catalog struct {
	lang session.Lang
	msgs map[string]string
}

// For returns the catalog of a language; anything unknown gets English.
func For(lang session.Lang) Catalog {
	if lang == session.LangFI {
		return Catalog{lang: session.LangFI, msgs: fi}
	}
	return Catalog{lang: session.LangEN, msgs: en}
}

// Lang is the catalog's language.
func (c Catalog) Lang() session.Lang { return c.lang }

// T returns the text for key, formatted with args (fmt verbs). A missing
// key shows as !key so that it is noticed, never as a crash.
func (c Catalog) T(key string, args ...any) string {
	msg, ok := c.msgs[key]
	if !ok {
		return "!" + key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// N returns the plural form of key for the count n: the catalog holds
// key+".one" (n is 1) and key+".other" (any other n) in both languages.
// n is the first format argument, args follow it.
func (c Catalog) N(key string, n int, args ...any) string {
	form := key + ".other"
	if n == 1 {
		form = key + ".one"
	}
	return c.T(form, append([]any{n}, args...)...)
}

// Err turns an error into a message for the user. Domain errors have their
// own texts; anything else is internal and shows only a generic message.
func (c Catalog) Err(err error) string {
	e := session.AsError(err)
	if e.Code == session.EInternal {
		return c.T(session.MsgInternal)
	}
	// A message with plural forms counts its first argument.
	if _, ok := c.msgs[e.Message+".other"]; ok && len(e.Args) > 0 {
		if n, ok := e.Args[0].(int); ok {
			return c.N(e.Message, n, e.Args[1:]...)
		}
		return c.T(e.Message+".other", e.Args...)
	}
	return c.T(e.Message, e.Args...)
}

// Role names a global role in the catalog's language.
func (c Catalog) Role(r session.Role) string {
	return c.T("role." + string(r))
}

// LangName names a language in that language itself, as language pickers do.
func LangName(l session.Lang) string {
	if l == session.LangFI {
		return "suomi"
	}
	return "English"
}

// Choose picks a language: the person's own setting, then the client's
// LANG (which ssh forwards), then the server default.
func Choose(person *session.Person, environ []string, serverDefault session.Lang) session.Lang {
	if person != nil && person.Lang != "" {
		return person.Lang
	}
	if l, ok := LangFromEnv(environ); ok {
		return l
	}
	if serverDefault == session.LangFI {
		return session.LangFI
	}
	return session.LangEN
}

// LangFromEnv reads LC_ALL, LC_MESSAGES and LANG in the order POSIX gives
// them precedence.
func LangFromEnv(environ []string) (session.Lang, bool) {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := vars[k]; v != "" && v != "C" && v != "POSIX" {
			return session.LangFromLocale(v)
		}
	}
	return "", false
}
