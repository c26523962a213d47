package component

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/piiri/piiri/tui/i18n"
)

// KeyMap is what a component shows of its keys: the help bar (Short) and
// the full help (Full, each key once). It is built from the component's
// keymap struct, whose bindings Update also matches with key.Matches, so
// help and behaviour cannot drift apart.
type KeyMap struct {
	Short []key.Binding
	Full  [][]key.Binding
}

func (k KeyMap) ShortHelp() []key.Binding  { return k.Short }
func (k KeyMap) FullHelp() [][]key.Binding { return k.Full }

// Keys is a help bar and a full help that lists the bar's keys and more,
// each once.
func Keys(short []key.Binding, more ...key.Binding) KeyMap {
	var full []key.Binding
	seen := map[string]bool{}
	for _, b := range append(slices.Clone(short), more...) {
		if h := b.Help().Key; b.Enabled() && !seen[h] {
			seen[h] = true
			full = append(full, b)
		}
	}
	short = slices.DeleteFunc(slices.Clone(short), func(b key.Binding) bool { return !b.Enabled() })
	return KeyMap{Short: short, Full: [][]key.Binding{full}}
}

// Bind is a binding for keys whose help shows label ("←/→" for left and
// right) and the catalog text descKey. With no keys, label is the key.
func Bind(cat i18n.Catalog, label, descKey string, keys ...string) key.Binding {
	if len(keys) == 0 {
		keys = []string{label}
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, cat.T(descKey)))
}

// FitBar keeps a help bar to one line of width: the keys just before
// "? help" move out of the bar (the full help lists them all), so "? help"
// and what follows it are never cut off.
func FitBar(short []key.Binding, width int) []key.Binding {
	q := slices.IndexFunc(short, func(b key.Binding) bool { return b.Help().Key == "?" })
	if q < 1 || BarWidth(short) <= width {
		return short
	}
	short = slices.Clone(short)
	for q > 0 && BarWidth(short) > width {
		short = slices.Delete(short, q-1, q)
		q--
	}
	return short
}

// BarLines lays a help bar out in lines of width: a bar with a way to
// the full help ("? help", the room's "?/esc close help") stays one line
// (FitBar); one without it wraps, so that every key it shows stays
// readable on a phone.
func BarLines(short []key.Binding, width int) [][]key.Binding {
	if slices.ContainsFunc(short, func(b key.Binding) bool { return strings.HasPrefix(b.Help().Key, "?") }) || BarWidth(short) <= width {
		return [][]key.Binding{FitBar(short, width)}
	}
	var lines [][]key.Binding
	var line []key.Binding
	for _, b := range short {
		if len(line) > 0 && BarWidth(append(slices.Clone(line), b)) > width {
			lines, line = append(lines, line), nil
		}
		line = append(line, b)
	}
	return append(lines, line)
}

// BarWidth is the width of a help bar drawn by bubbles' help: "key desc"
// items joined by " • ".
func BarWidth(short []key.Binding) int {
	w := 0
	for i, b := range short {
		if i > 0 {
			w += 3
		}
		w += ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
	}
	return w
}

// Conflicts returns an error naming the first key that two enabled
// bindings of a keymap struct share. km is a struct (or pointer to one)
// whose key.Binding fields are the component's keys; fields of struct
// type are walked too. A test calls it for every screen in every state.
func Conflicts(km any) error {
	owner := map[string]string{}
	var walk func(v reflect.Value, prefix string) error
	walk = func(v reflect.Value, prefix string) error {
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		for i := 0; i < v.NumField(); i++ {
			f, name := v.Field(i), prefix+v.Type().Field(i).Name
			isBinding := f.Type() == reflect.TypeOf(key.Binding{})
			if !f.CanInterface() {
				if isBinding {
					return fmt.Errorf("keymap field %s is unexported: Conflicts cannot read it", name)
				}
				continue
			}
			switch {
			case isBinding:
				b := f.Interface().(key.Binding)
				if !b.Enabled() {
					continue
				}
				for _, k := range b.Keys() {
					if o, dup := owner[k]; dup {
						return fmt.Errorf("key %q is both %s and %s", k, o, name)
					}
					owner[k] = name
				}
			case f.Kind() == reflect.Struct:
				if err := walk(f, name+"."); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(reflect.ValueOf(km), "")
}
