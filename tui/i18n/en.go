package i18n

// en is the English catalog. Keep the keys in the same order as in fi.go.
var en = map[string]string{
	// Roles.
	"role.admin":       "admin",
	"role.facilitator": "facilitator",
	"role.member":      "member",

	// The app frame.
	"app.shutting_down": "The piiri server is shutting down for a moment. Your work is saved — connect again soon.",
	"app.too_small":     "The terminal is too small: piiri needs at least %d×%d, this one is %d×%d. Make the window larger or the font smaller.",

	// Keys in the help bar.
	"key.help":            "help",
	"key.language":        "suomeksi",
	"key.quit":            "quit",
	"key.next_field":      "next field",
	"key.prev_field":      "previous field",
	"key.choose_language": "choose language",
	"key.join":            "join",

	// Onboarding.
	"onboarding.title":    "Welcome to piiri",
	"onboarding.intro":    "piiri is a meeting place for peer mentoring groups: you meet your group here, take turns, and write reflections that stay yours.",
	"onboarding.code":     "Invite code",
	"onboarding.name":     "Your name",
	"onboarding.language": "Language",
	"onboarding.joining":  "Joining…",
	"onboarding.hint":     "Type the invite code you were given and the name others will see, then press enter on the last field.",

	// Home.
	"home.welcome":               "Hello, %s",
	"home.role":                  "You are here as: %s",
	"home.groups":                "Your groups",
	"home.no_groups.admin":       "You have no groups yet. Invite facilitators from the command line: ssh … invite create --role facilitator",
	"home.no_groups.facilitator": "You have no groups yet. As a facilitator you can create a group and invite people to it.",
	"home.no_groups.member":      "You have no groups yet. Your facilitator will send you an invite to a group.",
	"home.language_saved":        "Language changed: %s",

	// The SSH command surface.
	"cli.usage_header":    "Usage: %s COMMAND [flags]\n\nCommands:",
	"cli.usage_line":      "Usage: %s",
	"cli.unknown_command": "Unknown command: %s",
	"cli.bad_usage":       "Invalid command: %s",
	"cli.unexpected_args": "unexpected arguments: %s",
	"cli.not_joined":      "You have not joined piiri yet. Ask your facilitator for an invite code, then run:\n  %s redeem CODE --name \"Your Name\"",
	"cli.how_to_join":     "To join, ask your facilitator for an invite code and run:\n  %s redeem CODE --name \"Your Name\"\nor connect with a terminal to join on screen.",
	"cli.interactive":     "Open piiri with: %s",

	"cli.help.summary":          "show this help",
	"cli.whoami.summary":        "show who you are (name, role, key fingerprint)",
	"cli.whoami.role":           "role",
	"cli.whoami.key":            "key",
	"cli.redeem.summary":        "join piiri with an invite code",
	"cli.redeem.need_code":      "the invite code is missing",
	"cli.redeem.welcome":        "Welcome, %s! You joined piiri as %s.",
	"cli.invite_create.summary": "create an invite code (admins)",

	// The server.
	"server.full":              "piiri is full right now. Please try again in a few minutes.",
	"server.too_many_sessions": "You already have too many piiri sessions open. Close one and try again.",
	"server.need_key":          "piiri signs you in with an SSH key. Create one with: ssh-keygen -t ed25519 and connect again.",

	// Errors the Service returns.
	"err.internal":           "Something went wrong on the server. Nothing was saved; please try again.",
	"err.not_joined":         "You have not joined piiri yet: redeem an invite code first.",
	"err.forbidden":          "You do not have the rights to do that.",
	"err.conflict":           "That already exists.",
	"err.invite_unknown":     "That invite code is not valid. Check it with the person who sent it.",
	"err.invite_expired":     "That invite code has expired. Ask for a new one.",
	"err.invite_used_up":     "That invite code has already been used. Ask for a new one.",
	"err.invite_code_empty":  "Type the invite code.",
	"err.name_empty":         "Type your name.",
	"err.name_too_long":      "The name is too long: at most %d characters.",
	"err.lang_invalid":       "Unknown language %q: use fi or en.",
	"err.role_invalid":       "Unknown role %q: use admin, facilitator or member.",
	"err.uses_invalid":       "The number of uses must be between 1 and %d.",
	"err.expiry_invalid":     "The expiry must be between one minute and 365 days, e.g. 7d, 36h or 90m.",
	"err.key_already_joined": "This key already belongs to someone in piiri.",
	"err.person_not_found":   "No such person.",

	// The piiri command itself (the operator's side).
	"cmd.usage":                        "piiri — group e-mentoring over SSH\n\nUsage:\n  piiri [serve] [flags]          start the server (the default)\n  piiri admin invite --role admin|facilitator|member [--uses N] [--expires 7d] [--data DIR]\n                                 print a new invite code\n  piiri admin users [--json] [--data DIR]\n                                 list the people who have joined",
	"cmd.flags":                        "Flags of piiri serve (each also from its environment variable):",
	"cmd.default":                      "default",
	"cmd.unknown":                      "piiri: unknown command %q",
	"cmd.flag.addr":                    "address to listen on",
	"cmd.flag.data":                    "directory for the database and the SSH host key",
	"cmd.flag.lang":                    "server default language: fi or en",
	"cmd.flag.host":                    "host name shown in the ssh command (default: from --addr)",
	"cmd.flag.max_sessions":            "most SSH sessions at once",
	"cmd.flag.max_sessions_per_person": "most SSH sessions one person may have open at once",
	"cmd.flag.conn_per_minute":         "new connections per minute from one IP address (0: no limit)",
	"cmd.flag.handshake_timeout":       "time a client has to finish the SSH handshake",
	"cmd.flag.log_level":               "log level: debug, info, warn or error",
	"cmd.banner.listening":             "piiri is listening on %s (data in %s)",
	"cmd.banner.host_key":              "host key: %s",
	"cmd.banner.connect":               "connect:  %s",
	"cmd.banner.admin_invite":          "No admin yet. One-time admin invite code: %s (valid until %s)",
	"cmd.banner.admin_invite_how":      "Connect with `%s` and type the code, or run: %s redeem %s --name \"Your Name\"",
	"cmd.stopping":                     "Stopping piiri…",
	"cmd.users.header":                 "ID\tNAME\tROLE\tLANG\tJOINED\tKEYS",
	"cmd.no_database":                  "no database at %s — start the server once, or point --data at its directory",
}
