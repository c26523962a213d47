package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/piiri/piiri/session"
	"github.com/piiri/piiri/storage"
	"github.com/piiri/piiri/tui/i18n"
)

// Config is everything the server can be told. Each field has a flag and a
// PIIRI_* environment twin; the flag wins over the environment, which wins
// over the default.
type Config struct {
	Addr                 string
	Data                 string
	DB                   string         // --db: a SQLite file or a postgres:// address; "" is DATA/piiri.db
	HostKey              string         // --host-key: the SSH host key file; "" is DATA/host_key
	ProxyFrom            []netip.Prefix // --proxy-from: load balancers whose PROXY protocol header is believed
	NodeLease            time.Duration  // --node-lease: on PostgreSQL, how long a silent node's people stay shown
	Lang                 session.Lang
	Host                 string // the host name people put in their ssh command
	MaxSessions          int
	MemoryForSessions    int64 // the machine's memory when MaxSessions came from it (auto), else 0
	MaxSessionsPerPerson int
	ConnPerMinute        int
	MaxSessionsPerConn   int // the limits below: 0 means no limit
	MaxUnjoined          int
	MaxUnjoinedPerAddr   int
	MaxHandshakesPerAddr int
	HandshakeTimeout     time.Duration
	IdleTimeout          time.Duration
	JoinIdleTimeout      time.Duration
	LogLevel             string
	Loc                  *time.Location // the time zone meetings are scheduled in

	// Cat speaks the operator's language in piiri's own messages: --lang
	// when given, else PIIRI_LANG, else the locale (LANG, LC_*).
	Cat i18n.Catalog
}

// defaults, each with its environment variable.
var configVars = []struct{ flag, env, def, help string }{
	{"addr", "PIIRI_ADDR", "127.0.0.1:23234", "cmd.flag.addr"},
	{"data", "PIIRI_DATA", "./piiri-data", "cmd.flag.data"},
	{"db", "PIIRI_DB", "", "cmd.flag.db"},
	{"host-key", "PIIRI_HOST_KEY", "", "cmd.flag.host_key"},
	{"proxy-from", "PIIRI_PROXY_FROM", "", "cmd.flag.proxy_from"},
	{"node-lease", "PIIRI_NODE_LEASE", "10s", "cmd.flag.node_lease"},
	{"lang", "PIIRI_LANG", "en", "cmd.flag.lang"},
	{"host", "PIIRI_HOST", "", "cmd.flag.host"},
	{"max-sessions", "PIIRI_MAX_SESSIONS", "auto", "cmd.flag.max_sessions"},
	{"max-sessions-per-person", "PIIRI_MAX_SESSIONS_PER_PERSON", "8", "cmd.flag.max_sessions_per_person"},
	{"max-sessions-per-conn", "PIIRI_MAX_SESSIONS_PER_CONN", "4", "cmd.flag.max_sessions_per_conn"},
	{"max-unjoined", "PIIRI_MAX_UNJOINED", "50", "cmd.flag.max_unjoined"},
	{"max-unjoined-per-addr", "PIIRI_MAX_UNJOINED_PER_ADDR", "40", "cmd.flag.max_unjoined_per_addr"},
	{"max-handshakes-per-addr", "PIIRI_MAX_HANDSHAKES_PER_ADDR", "32", "cmd.flag.max_handshakes_per_addr"},
	{"conn-per-minute", "PIIRI_CONN_PER_MINUTE", "0", "cmd.flag.conn_per_minute"},
	{"handshake-timeout", "PIIRI_HANDSHAKE_TIMEOUT", "15s", "cmd.flag.handshake_timeout"},
	{"idle-timeout", "PIIRI_IDLE_TIMEOUT", "2h", "cmd.flag.idle_timeout"},
	{"join-idle-timeout", "PIIRI_JOIN_IDLE_TIMEOUT", "5m", "cmd.flag.join_idle_timeout"},
	{"log-level", "PIIRI_LOG_LEVEL", "info", "cmd.flag.log_level"},
	{"tz", "PIIRI_TZ", "Local", "cmd.flag.tz"},
}

// bindConfig declares the config flags on fs; names selects a subset (nil:
// all). The returned function reads the parsed values. An error names where
// the bad value came from: the flag, or its environment variable when the
// flag was not given.
func bindConfig(fs *flag.FlagSet, names ...string) func() (Config, error) {
	vals := map[string]*string{}
	envOf := map[string]string{}
	for _, v := range configVars {
		envOf[v.flag] = v.env
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
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
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
		// source is what an error message calls a setting: the variable
		// when its value came from the environment, else the flag.
		source := func(name string) string {
			if _, ok := os.LookupEnv(envOf[name]); ok && !given[name] {
				return envOf[name]
			}
			return "--" + name
		}
		cat := catalogFromEnv(os.Environ())
		if given["lang"] {
			if l, err := session.ParseLang(get("lang")); err == nil {
				cat = i18n.For(l)
			}
		}
		bad := func(key, name string) error {
			return errors.New(cat.T(key, source(name), get(name)))
		}
		var c Config
		var err error
		c.Cat = cat
		c.Addr, c.Data, c.DB, c.Host, c.LogLevel = get("addr"), get("data"), get("db"), get("host"), get("log-level")
		c.HostKey = get("host-key")
		if c.DB != "" && storage.IsPostgresDSN(c.DB) {
			if reason := storage.CheckDSN(c.DB); reason != "" {
				// Not the value itself: it may hold a password.
				return c, errors.New(cat.T("cmd.config.db", source("db"), reason))
			}
		}
		var ok bool
		if c.ProxyFrom, ok = parseProxyFrom(get("proxy-from")); !ok {
			return c, bad("cmd.config.proxy_from", "proxy-from")
		}
		if c.Lang, err = session.ParseLang(get("lang")); err != nil {
			return c, bad("cmd.config.lang", "lang")
		}
		for _, n := range []struct {
			name string
			dst  *int
		}{{"max-sessions-per-person", &c.MaxSessionsPerPerson}, {"conn-per-minute", &c.ConnPerMinute},
			{"max-sessions-per-conn", &c.MaxSessionsPerConn}, {"max-unjoined", &c.MaxUnjoined},
			{"max-unjoined-per-addr", &c.MaxUnjoinedPerAddr}, {"max-handshakes-per-addr", &c.MaxHandshakesPerAddr}} {
			v, err := strconv.Atoi(get(n.name))
			if err != nil || v < 0 {
				return c, bad("cmd.config.number", n.name)
			}
			*n.dst = v
		}
		// auto: what half of the machine's memory holds at the measured
		// cost of a session.
		if v := get("max-sessions"); strings.EqualFold(strings.TrimSpace(v), "auto") {
			c.MemoryForSessions = machineMemory()
			c.MaxSessions = autoMaxSessions(c.MemoryForSessions)
		} else if c.MaxSessions, err = strconv.Atoi(v); err != nil || c.MaxSessions < 0 {
			return c, bad("cmd.config.number", "max-sessions")
		}
		if c.HandshakeTimeout, err = time.ParseDuration(get("handshake-timeout")); err != nil || c.HandshakeTimeout <= 0 {
			return c, bad("cmd.config.duration", "handshake-timeout")
		}
		if c.NodeLease, err = time.ParseDuration(get("node-lease")); err != nil || c.NodeLease < time.Second {
			return c, bad("cmd.config.duration", "node-lease")
		}
		if c.IdleTimeout, err = time.ParseDuration(get("idle-timeout")); err != nil || c.IdleTimeout < 0 {
			return c, bad("cmd.config.duration", "idle-timeout")
		}
		if c.JoinIdleTimeout, err = time.ParseDuration(get("join-idle-timeout")); err != nil || c.JoinIdleTimeout < 0 {
			return c, bad("cmd.config.duration", "join-idle-timeout")
		}
		if _, err := parseLogLevel(c.LogLevel); err != nil {
			return c, bad("cmd.config.log_level", "log-level")
		}
		if c.Loc, err = time.LoadLocation(get("tz")); err != nil {
			return c, bad("cmd.config.tz", "tz")
		}
		return c, nil
	}
}

// parseLogLevel reads debug, info, warn or error, in any case.
func parseLogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown log level %q", s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dbPath is the database: --db when given (a SQLite file or a PostgreSQL
// address), else piiri.db in the data directory.
func (c Config) dbPath() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "piiri.db")
}

// onPostgres reports whether the database is PostgreSQL.
func (c Config) onPostgres() bool { return storage.IsPostgresDSN(c.dbPath()) }

// dbShown is the database as messages name it: no password.
func dbShown(path string) string { return storage.RedactDSN(path) }

// hostKeyPath is the SSH host key: --host-key when given (one file copied
// to every node, so that clients trust any of them), else DATA/host_key.
// A missing file is made at the first start.
func (c Config) hostKeyPath() string {
	if c.HostKey != "" {
		return c.HostKey
	}
	return filepath.Join(c.Data, "host_key")
}

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
	b.WriteString(cat.T("cmd.help"))
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
