package i18n

// fi is the Finnish catalog. Keep the keys in the same order as in en.go.
var fi = map[string]string{
	// Roolit.
	"role.admin":       "ylläpitäjä",
	"role.facilitator": "ohjaaja",
	"role.member":      "jäsen",

	// Sovelluksen kehys.
	"app.shutting_down": "piirin palvelin käynnistyy hetken kuluttua uudelleen. Työsi on tallessa — yhdistä pian uudelleen.",
	"app.too_small":     "Pääte on liian pieni: piiri tarvitsee vähintään %d×%d, tämä on %d×%d. Suurenna ikkunaa tai pienennä fonttia.",

	// Ohjepalkin näppäimet.
	"key.help":            "ohje",
	"key.language":        "in English",
	"key.quit":            "lopeta",
	"key.next_field":      "seuraava kenttä",
	"key.prev_field":      "edellinen kenttä",
	"key.choose_language": "valitse kieli",
	"key.join":            "liity",

	// Liittyminen.
	"onboarding.title":    "Tervetuloa piiriin",
	"onboarding.intro":    "piiri on vertaismentorointiryhmien kohtaamispaikka: tapaat täällä ryhmäsi, puhutte vuorotellen ja kirjoitat pohdintoja, jotka pysyvät sinun.",
	"onboarding.code":     "Kutsukoodi",
	"onboarding.name":     "Nimesi",
	"onboarding.language": "Kieli",
	"onboarding.joining":  "Liitytään…",
	"onboarding.hint":     "Kirjoita saamasi kutsukoodi ja nimi, jonka muut näkevät, ja paina enteriä viimeisessä kentässä.",

	// Koti.
	"home.welcome":               "Hei, %s",
	"home.role":                  "Olet täällä roolissa: %s",
	"home.groups":                "Ryhmäsi",
	"home.no_groups.admin":       "Sinulla ei ole vielä ryhmiä. Kutsu ohjaajia komentoriviltä: ssh … invite create --role facilitator",
	"home.no_groups.facilitator": "Sinulla ei ole vielä ryhmiä. Ohjaajana voit perustaa ryhmän ja kutsua siihen ihmisiä.",
	"home.no_groups.member":      "Sinulla ei ole vielä ryhmiä. Ohjaajasi lähettää sinulle kutsun ryhmään.",
	"home.language_saved":        "Kieli vaihdettu: %s",

	// SSH-komennot.
	"cli.usage_header":    "Käyttö: %s KOMENTO [valitsimet]\n\nKomennot:",
	"cli.usage_line":      "Käyttö: %s",
	"cli.unknown_command": "Tuntematon komento: %s",
	"cli.bad_usage":       "Virheellinen komento: %s",
	"cli.unexpected_args": "ylimääräisiä argumentteja: %s",
	"cli.not_joined":      "Et ole vielä liittynyt piiriin. Pyydä ohjaajaltasi kutsukoodi ja aja sitten:\n  %s redeem KOODI --name \"Nimesi\"",
	"cli.how_to_join":     "Liity pyytämällä ohjaajaltasi kutsukoodi ja ajamalla:\n  %s redeem KOODI --name \"Nimesi\"\ntai yhdistä päätteellä ja liity ruudulla.",
	"cli.interactive":     "Avaa piiri komennolla: %s",

	"cli.help.summary":          "näytä tämä ohje",
	"cli.whoami.summary":        "näytä kuka olet (nimi, rooli, avaimen sormenjälki)",
	"cli.whoami.role":           "rooli",
	"cli.whoami.key":            "avain",
	"cli.redeem.summary":        "liity piiriin kutsukoodilla",
	"cli.redeem.need_code":      "kutsukoodi puuttuu",
	"cli.redeem.welcome":        "Tervetuloa, %s! Liityit piiriin roolissa %s.",
	"cli.invite_create.summary": "luo kutsukoodi (ylläpitäjät)",

	// Palvelin.
	"server.full":              "piiri on juuri nyt täynnä. Yritä uudelleen muutaman minuutin päästä.",
	"server.too_many_sessions": "Sinulla on jo liian monta piiri-istuntoa auki. Sulje yksi ja yritä uudelleen.",
	"server.need_key":          "piiriin kirjaudutaan SSH-avaimella. Luo avain komennolla: ssh-keygen -t ed25519 ja yhdistä sitten uudelleen.",

	// Palvelun virheet.
	"err.internal":           "Palvelimella meni jokin vikaan. Mitään ei tallennettu; yritä uudelleen.",
	"err.not_joined":         "Et ole vielä liittynyt piiriin: käytä ensin kutsukoodi.",
	"err.forbidden":          "Sinulla ei ole oikeutta tehdä tätä.",
	"err.conflict":           "Se on jo olemassa.",
	"err.invite_unknown":     "Kutsukoodi ei kelpaa. Tarkista se koodin lähettäjältä.",
	"err.invite_expired":     "Kutsukoodi on vanhentunut. Pyydä uusi.",
	"err.invite_used_up":     "Kutsukoodi on jo käytetty. Pyydä uusi.",
	"err.invite_code_empty":  "Kirjoita kutsukoodi.",
	"err.name_empty":         "Kirjoita nimesi.",
	"err.name_too_long":      "Nimi on liian pitkä: enintään %d merkkiä.",
	"err.lang_invalid":       "Tuntematon kieli %q: käytä fi tai en.",
	"err.role_invalid":       "Tuntematon rooli %q: käytä admin, facilitator tai member.",
	"err.uses_invalid":       "Käyttökertoja on oltava 1–%d.",
	"err.expiry_invalid":     "Voimassaolon on oltava minuutista 365 päivään, esim. 7d, 36h tai 90m.",
	"err.key_already_joined": "Tämä avain kuuluu jo jollekulle piirissä.",
	"err.person_not_found":   "Henkilöä ei löydy.",

	// piiri-komento (ylläpitäjän puoli).
	"cmd.usage":                        "piiri — ryhmämentorointia SSH:n yli\n\nKäyttö:\n  piiri [serve] [valitsimet]     käynnistä palvelin (oletus)\n  piiri admin invite --role admin|facilitator|member [--uses N] [--expires 7d] [--data HAKEMISTO]\n                                 tulosta uusi kutsukoodi\n  piiri admin users [--json] [--data HAKEMISTO]\n                                 luettele liittyneet henkilöt",
	"cmd.flags":                        "piiri serve -komennon valitsimet (kukin myös ympäristömuuttujasta):",
	"cmd.default":                      "oletus",
	"cmd.unknown":                      "piiri: tuntematon komento %q",
	"cmd.flag.addr":                    "osoite, jota kuunnellaan",
	"cmd.flag.data":                    "hakemisto tietokannalle ja SSH-palvelinavaimelle",
	"cmd.flag.lang":                    "palvelimen oletuskieli: fi tai en",
	"cmd.flag.host":                    "ssh-komennossa näytettävä palvelimen nimi (oletus: --addr-osoitteesta)",
	"cmd.flag.max_sessions":            "SSH-istuntoja enintään yhtä aikaa",
	"cmd.flag.max_sessions_per_person": "yhden henkilön SSH-istuntoja enintään yhtä aikaa",
	"cmd.flag.conn_per_minute":         "uusia yhteyksiä minuutissa yhdestä IP-osoitteesta (0: ei rajaa)",
	"cmd.flag.handshake_timeout":       "aika, jossa asiakkaan on saatava SSH-kättely valmiiksi",
	"cmd.flag.log_level":               "lokitaso: debug, info, warn tai error",
	"cmd.banner.listening":             "piiri kuuntelee osoitteessa %s (tiedot hakemistossa %s)",
	"cmd.banner.host_key":              "palvelinavain: %s",
	"cmd.banner.connect":               "yhdistä:  %s",
	"cmd.banner.admin_invite":          "Ylläpitäjää ei vielä ole. Kertakäyttöinen ylläpitäjän kutsukoodi: %s (voimassa %s asti)",
	"cmd.banner.admin_invite_how":      "Yhdistä komennolla `%s` ja kirjoita koodi, tai aja: %s redeem %s --name \"Nimesi\"",
	"cmd.stopping":                     "Pysäytetään piiri…",
	"cmd.users.header":                 "ID\tNIMI\tROOLI\tKIELI\tLIITTYI\tAVAIMET",
	"cmd.no_database":                  "tietokantaa ei ole polussa %s — käynnistä palvelin kerran tai osoita --data sen hakemistoon",
}
