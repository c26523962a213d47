package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/tui/i18n"
)

// Config is everything the server can be told. Each field has a flag and a
// PIIRI_* environment twin; the flag wins over the environment, which wins
// over the default.
type Config struct {
	Addr                 string
	Data                 string
	Lang                 session.Lang
	Host                 string // the host name people put in their ssh command
	MaxSessions          int
	MaxSessionsPerPerson int
	ConnPerMinute        int
	HandshakeTimeout     time.Duration
	IdleTimeout          time.Duration
	LogLevel             string
	Loc                  *time.Location // the time zone meetings are scheduled in
}

// defaults, each with its environment variable.
var configVars = []struct{ flag, env, def, help string }{
	{"addr", "PIIRI_ADDR", "127.0.0.1:23234", "cmd.flag.addr"},
	{"data", "PIIRI_DATA", "./piiri-data", "cmd.flag.data"},
	{"lang", "PIIRI_LANG", "en", "cmd.flag.lang"},
	{"host", "PIIRI_HOST", "", "cmd.flag.host"},
	{"max-sessions", "PIIRI_MAX_SESSIONS", "200", "cmd.flag.max_sessions"},
	{"max-sessions-per-person", "PIIRI_MAX_SESSIONS_PER_PERSON", "8", "cmd.flag.max_sessions_per_person"},
	{"conn-per-minute", "PIIRI_CONN_PER_MINUTE", "60", "cmd.flag.conn_per_minute"},
	{"handshake-timeout", "PIIRI_HANDSHAKE_TIMEOUT", "15s", "cmd.flag.handshake_timeout"},
	{"idle-timeout", "PIIRI_IDLE_TIMEOUT", "2h", "cmd.flag.idle_timeout"},
	{"log-level", "PIIRI_LOG_LEVEL", "info", "cmd.flag.log_level"},
	{"tz", "PIIRI_TZ", "Local", "cmd.flag.tz"},
}

// bindConfig declares the config flags on fs; names selects a subset (nil:
// all). The returned function reads the parsed values.
func bindConfig(fs *flag.FlagSet, names ...string) func() (Config, error) {
	vals := map[string]*string{}
	for _, v := range configVars {
		if names != nil && !contains(names, v.flag) {
			continue
		}
		def := v.def
		if e, ok := os.LookupEnv(v.env); ok {
			def = e
		}
		vals[v.flag] = fs.String(v.flag, def, v.help)
	}
	return func() (Config, error) {
		cat := catalogFromEnv(os.Environ())
		get := func(name string) string {
			if p, ok := vals[name]; ok {
				return *p
			}
			for _, v := range configVars {
				if v.flag == name {
					return v.def
				}
			}
			return ""
		}
		var c Config
		var err error
		c.Addr, c.Data, c.Host, c.LogLevel = get("addr"), get("data"), get("host"), get("log-level")
		if c.Lang, err = session.ParseLang(get("lang")); err != nil {
			return c, errors.New(cat.T("cmd.err.lang", get("lang")))
		}
		ints := map[string]*int{"max-sessions": &c.MaxSessions, "max-sessions-per-person": &c.MaxSessionsPerPerson, "conn-per-minute": &c.ConnPerMinute}
		for name, dst := range ints {
			n, err := strconv.Atoi(get(name))
			if err != nil || n < 0 {
				return c, errors.New(cat.T("cmd.err.whole_number", name, get(name)))
			}
			*dst = n
		}
		if c.HandshakeTimeout, err = time.ParseDuration(get("handshake-timeout")); err != nil || c.HandshakeTimeout <= 0 {
			return c, errors.New(cat.T("cmd.err.duration", "handshake-timeout", get("handshake-timeout")))
		}
		if c.IdleTimeout, err = time.ParseDuration(get("idle-timeout")); err != nil || c.IdleTimeout < 0 {
			return c, errors.New(cat.T("cmd.err.duration", "idle-timeout", get("idle-timeout")))
		}
		if c.Loc, err = time.LoadLocation(get("tz")); err != nil {
			return c, errors.New(cat.T("cmd.err.tz", get("tz")))
		}
		return c, nil
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c Config) dbPath() string      { return filepath.Join(c.Data, "piiri.db") }
func (c Config) hostKeyPath() string { return filepath.Join(c.Data, "host_key") }

// connectCommand is the ssh command people run to reach this server.
func connectCommand(host string, addr net.Addr) string {
	port := 22
	ip := ""
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port, ip = tcp.Port, tcp.IP.String()
	}
	if host == "" {
		switch {
		case ip == "" || ip == "0.0.0.0" || ip == "::":
			if h, err := os.Hostname(); err == nil {
				host = h
			} else {
				host = "localhost"
			}
		case net.ParseIP(ip).IsLoopback():
			host = "localhost"
		default:
			host = ip
		}
	}
	if port == 22 {
		return "ssh " + host
	}
	return fmt.Sprintf("ssh -p %d %s", port, host)
}

// catalogFromEnv picks the operator's language for the piiri command
// itself: PIIRI_LANG, then the locale.
func catalogFromEnv(environ []string) i18n.Catalog {
	if l, err := session.ParseLang(os.Getenv("PIIRI_LANG")); err == nil {
		return i18n.For(l)
	}
	if l, ok := i18n.LangFromEnv(environ); ok {
		return i18n.For(l)
	}
	return i18n.For(session.LangEN)
}

// usage is the piiri command's help: the commands, then every flag with its
// environment variable and default.
func usage(environ []string) string {
	cat := catalogFromEnv(environ)
	var b strings.Builder
	b.WriteString(cat.T("cmd.usage"))
	b.WriteString("\n\n" + cat.T("cmd.flags") + "\n")
	for _, v := range configVars {
		def := v.def
		if def == "" {
			def = "-"
		}
		fmt.Fprintf(&b, "  --%-26s %-31s %s: %s\n      %s\n", v.flag, v.env, cat.T("cmd.default"), def, cat.T(v.help))
	}
	return b.String()
}
