// Command tertial is Tertial's one binary: the web site, imports and exports, reports,
// publishing, the Kolada sync and the administration of accounts. The usage text below
// (tertial help) lists every command; docs/cli.md describes them.
//
//	tertial serve   [--addr 127.0.0.1:8080] [--db URL] [--demo[=NAME]]
//	tertial import  FILE [--db URL] [--demo]
//	tertial demo    NAME [--db URL] | tertial demo --list
//	tertial import sie FILE --unit ID [--year YYYY] [--source NAME] [--lenient]
//	tertial sie inspect|generate ...
//	tertial export  [-o FILE] [--municipality CODE] [--db URL] [--demo]
//	tertial report  [--unit ID] [--period ID] --format html|pdf|docx|xlsx [-o FILE]
//	tertial check   [--unit ID] [--period ID]
//	tertial publish --unit ID --period ID
//	tertial period create --unit ID --id ID --kind plan|interim|annual --title TEXT --cutoff YYYY-MM-DD [--start YYYY-MM-DD] [--from PERIOD_ID]
//	tertial period list [--unit ID]
//	tertial kolada sync [--unit ID] [--period ID] [--kolada-url URL]
//	tertial user add|list|link|disable|enable|set-role|set-password|sessions-end ...
//	tertial token create|revoke ..., tertial audit
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/kolada"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `Tertial – planering och uppföljning för kommuner

Användning:
  tertial serve  [--addr 127.0.0.1:8080] [--db URL] [--demo]   starta webbplatsen
  tertial import FILE [--db URL] [--demo]                      läs in en datamängd (YAML)
  tertial demo NAMN [--db URL]                                 läs in en av demodatamängderna (som import)
  tertial demo --list                                          visa demodatamängderna
  tertial import sie FIL --unit ID [--year ÅÅÅÅ] [--db URL]     läs in bokföring (SIE) som utfall och budget
  tertial sie inspect FIL [--json]                             visa vad en SIE-fil innehåller
  tertial sie generate --vouchers N [-o FIL]                   skriv en syntetisk SIE 4E-fil
  tertial sie generate --years FRÅN-TILL [--company] -o KATALOG
                                                               skriv Ekbys (eller bolagets) bokföring, en fil per år
  tertial export [-o FILE] [--municipality KOD] [--db URL] [--demo]
                                                               skriv ut en datamängd (YAML)
  tertial report [--unit ID] [--period ID] --format html [-o FILE] [--db URL] [--demo]
                                                               skriv rapporten för en period
  tertial check  [--unit ID] [--period ID] [--db URL] [--demo]  vad som saknas innan publicering
  tertial publish --unit ID --period ID [--db URL]              publicera en låst period i alla format
  tertial period create --unit ID --id ID --kind plan|interim|annual --title TEXT --cutoff ÅÅÅÅ-MM-DD
                 [--start ÅÅÅÅ-MM-DD] [--deadline ÅÅÅÅ-MM-DD] [--from PERIOD_ID] [--template ID]
                 [--municipality KOD] [--db URL]
                                                               skapa en period, med --from utifrån en tidigare
                                                               (dess struktur följer med, inga siffror utom årets budget)
  tertial period list [--unit ID] [--municipality KOD] [--db URL]
                                                               perioderna som CSV
  tertial kolada sync [--unit ID] [--period ID] [--kolada-url URL] [--db URL]
                                                               hämta jämförelsedata från Kolada
  tertial user add NAMN --role ROLL [--unit ID] [--municipality KOD] --password-stdin
  tertial user list                                            konton
  tertial user link NAMN --subject SUB                         koppla kontot till en single sign-on-inloggning
  tertial user disable NAMN | user enable NAMN                 stäng av ett konto (loggar ut det) eller slå på det igen
  tertial user set-role NAMN --role ROLL [--unit ID] [--municipality KOD]
                                                               byt roll, enhet eller kommun
  tertial user set-password NAMN --password-stdin              nytt lösenord (minst 12 tecken; loggar ut kontot)
  tertial user sessions-end NAMN                               logga ut kontot överallt
  tertial token create --user NAMN | token revoke ID           API-nycklar
  tertial audit [--municipality KOD] [-o FIL]                   ändringsloggen som CSV
  tertial version                                              visa versionen

--db URL   sqlite:SÖKVÄG (standard sqlite:./tertial.db) eller postgres://...
--demo     använd en ny, tillfällig databas med demodata (Huddinge, delårsrapport 2021-08);
           --demo=NAMN väljer en annan demo, t.ex. --demo=simrishamn (se tertial demo --list)
serve tar också --oidc-issuer, --oidc-client-id, --oidc-client-secret, --oidc-redirect-url och
--oidc-claim för single sign-on (OpenID Connect); se tertial serve -h.
`

// stdin is where commands read secrets from (user add and set-password with
// --password-stdin); tests replace it.
var stdin io.Reader = os.Stdin

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// run executes one command and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "import":
		if len(args) > 1 && args[1] == "sie" {
			err = cmdImportSIE(ctx, args[2:], stdout, stderr)
		} else {
			err = cmdImport(ctx, args[1:], stdout, stderr)
		}
	case "demo":
		err = cmdDemo(ctx, args[1:], stdout, stderr)
	case "sie":
		err = cmdSIE(ctx, args[1:], stdout, stderr)
	case "kolada":
		err = cmdKolada(ctx, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], stdout, stderr)
	case "report":
		err = cmdReport(ctx, args[1:], stdout, stderr)
	case "check":
		err = cmdCheck(ctx, args[1:], stdout, stderr)
	case "publish":
		err = cmdPublish(ctx, args[1:], stdout, stderr)
	case "period":
		err = cmdPeriod(ctx, args[1:], stdout, stderr)
	case "user":
		err = cmdUser(ctx, args[1:], stdin, stdout, stderr)
	case "token":
		err = cmdToken(ctx, args[1:], stdout, stderr)
	case "audit":
		err = cmdAudit(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "tertial", version)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "tertial: okänt kommando %q\n\n%s", args[0], usage)
		return 2
	}
	var dsErr dataset.Errors
	var lines problemLines
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFindings):
		return 1
	case errors.As(err, &dsErr):
		for _, e := range dsErr {
			fmt.Fprintln(stderr, e.Error())
		}
		fmt.Fprintf(stderr, "tertial: %d fel; ingenting har ändrats i databasen\n", len(dsErr))
		return 1
	case errors.As(err, &lines):
		for _, l := range lines {
			fmt.Fprintln(stderr, "tertial:", l)
		}
		return 1
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "tertial:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "tertial:", message(err))
		return 1
	}
}

var errUsage = errors.New("fel användning")

// message returns what a command-line user sees of err: our own errors' messages, and
// for anything else the error itself, since the operator running the command is the one
// who can act on it.
func message(err error) string {
	if tertial.ErrorCode(err) != tertial.EINTERNAL {
		return tertial.ErrorMessage(err)
	}
	return err.Error()
}

// dbFlags are the flags every command that uses the database takes.
type dbFlags struct {
	url  string
	demo demoFlag
	// demoUnit is, after open with --demo, the name of the unit the demo's reporter
	// account reports for.
	demoUnit string
}

func (f *dbFlags) register(fs *flag.FlagSet) {
	f.registerDB(fs)
	fs.Var(&f.demo, "demo", "använd en ny, tillfällig databas med demodata; --demo=NAMN väljer demo ("+strings.Join(demo.Names(), ", ")+")")
}

// registerDB registers --db alone, for commands that take no --demo.
func (f *dbFlags) registerDB(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "db", "", "databas: sqlite:SÖKVÄG eller postgres://... (standard "+store.DefaultURL+")")
}

// demoFlag is --demo: alone it names the default demo, --demo=NAME another one, and
// unset (or --demo=false) none.
type demoFlag struct{ name string }

func (f *demoFlag) String() string   { return f.name }
func (f *demoFlag) IsBoolFlag() bool { return true }

func (f *demoFlag) Set(s string) error {
	switch s {
	case "true":
		f.name = demo.Default
	case "false":
		f.name = ""
	default:
		if _, ok := demo.Get(s); !ok {
			return fmt.Errorf("okänd demo %q: välj bland %s", s, strings.Join(demo.Names(), ", "))
		}
		f.name = s
	}
	return nil
}

// open opens the database the flags name. With --demo it creates a temporary SQLite
// database, loads the demo, its accounts and its generated ledgers into it, and the
// returned cleanup removes it.
func (f *dbFlags) open(ctx context.Context) (*store.DB, func(), error) {
	if f.demo.name != "" {
		if f.url != "" {
			return nil, nil, fmt.Errorf("%w: --demo och --db kan inte användas tillsammans", errUsage)
		}
		d, _ := demo.Get(f.demo.name)
		dir, err := os.MkdirTemp("", "tertial-demo-")
		if err != nil {
			return nil, nil, err
		}
		cleanup := func() { os.RemoveAll(dir) }
		db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "demo.db"))
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		ds, err := d.Dataset()
		if err == nil {
			err = db.ReplaceDataset(ctx, ds)
		}
		if err == nil {
			err = createDemoAccounts(ctx, db, ds.Municipality.Code, d.Unit)
		}
		if err == nil {
			err = loadDemoLedgers(ctx, db, d, ds.Municipality.Code, nil)
		}
		if err != nil {
			db.Close()
			cleanup()
			return nil, nil, fmt.Errorf("load demo: %w", err)
		}
		if u := ds.Unit(d.Unit); u != nil {
			f.demoUnit = u.Name
		}
		return db, func() { db.Close(); cleanup() }, nil
	}
	url := f.url
	if url == "" {
		url = os.Getenv("TERTIAL_DB")
	}
	if url == "" {
		url = store.DefaultURL
	}
	db, err := store.Open(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}

// parse parses flags that may come before or after the positional arguments
// ("import FILE --db URL" and "import --db URL FILE" both work) and returns the positional
// arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, err
		} else if err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("tertial "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", stderr)
	var dbf dbFlags
	dbf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: ange en fil: tertial import FIL", errUsage)
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return tertial.Errorf(tertial.EINVALID, "kan inte läsa %s: %v", pos[0], errors.Unwrap(err))
	}
	// Decode and validate everything before the database is opened, so that a bad file
	// never touches it.
	ds, err := dataset.Decode(data, pos[0])
	if err != nil {
		return err
	}
	return loadDataset(ctx, &dbf, ds, stdout)
}

// loadDataset replaces the dataset's municipality in the database the flags name with the
// dataset, as import does, and says what it read.
func loadDataset(ctx context.Context, dbf *dbFlags, ds *tertial.Dataset, stdout io.Writer) error {
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Läste in %s (%s): %d enheter, %d perioder, %d mål, %d indikatorer, %d uppdrag.\n",
		ds.Municipality.Name, ds.Municipality.Code, len(ds.Units), len(ds.Periods), len(ds.Goals), len(ds.Indicators), len(ds.Assignments))
	return nil
}

// cmdDemo loads a demo dataset into the database, as import loads a file, or lists the
// demos.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	var dbf dbFlags
	dbf.registerDB(fs)
	list := fs.Bool("list", false, "visa demodatamängderna")
	withSIE := fs.Bool("sie", true, "läs också in demons genererade SIE-filer, om den har några (--sie=false hoppar över dem)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *list {
		if len(pos) != 0 {
			return fmt.Errorf("%w: --list tar inga argument", errUsage)
		}
		for _, d := range demo.All() {
			line := fmt.Sprintf("%-12s %s", d.Name, d.Description)
			if d.Name == demo.Default {
				line += " (standard för --demo)"
			}
			fmt.Fprintln(stdout, line)
		}
		return nil
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: ange en demo: tertial demo NAMN (%s), eller tertial demo --list", errUsage, strings.Join(demo.Names(), ", "))
	}
	d, ok := demo.Get(pos[0])
	if !ok {
		return fmt.Errorf("%w: okänd demo %q: välj bland %s", errUsage, pos[0], strings.Join(demo.Names(), ", "))
	}
	ds, err := d.Dataset()
	if err != nil {
		return err
	}
	return loadDemo(ctx, &dbf, d, ds, *withSIE, stdout)
}

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", stderr)
	var dbf dbFlags
	dbf.register(fs)
	out := fs.String("o", "-", "fil att skriva till (- för standard ut)")
	code := fs.String("municipality", "", "kommunkod, när databasen har fler än en kommun")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: export tar inga argument utöver flaggor", errUsage)
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if *code, err = onlyMunicipality(ctx, db, *code); err != nil {
		return err
	}
	ds, err := db.Dataset(ctx, *code)
	if err != nil {
		return err
	}
	data, err := dataset.Encode(ds)
	if err != nil {
		return err
	}
	return writeOutput(*out, data, stdout)
}

// defaultAddr is the address tertial serve listens on unless told otherwise.
const defaultAddr = "127.0.0.1:8080"

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var dbf dbFlags
	dbf.register(fs)
	addr := fs.String("addr", defaultAddr, "adress att lyssna på")
	secure := fs.Bool("secure-cookies", os.Getenv("TERTIAL_SECURE_COOKIES") == "1", "märk kakor Secure (när TLS avslutas i en proxy framför Tertial)")
	ttl := fs.Duration("session-ttl", 12*time.Hour, "hur länge en inloggning gäller")
	idle := sessionIdleFlag(fs)
	chromiumURL := fs.String("chromium", os.Getenv("TERTIAL_CHROMIUM"), "för pdf: Chromiums DevTools-adress i stället för en lokal chromium")
	koladaAPI := fs.String("kolada-url", koladaURL(), "Koladas API för knappen Hämta från Kolada (standard "+kolada.DefaultURL+"; TERTIAL_KOLADA_URL)")
	maxUpload := maxUploadFlag(fs)
	mailFlags := registerNotifyFlags(fs)
	oidcConf := web.OIDCConfig{Claim: os.Getenv("TERTIAL_OIDC_CLAIM")}
	if oidcConf.Claim == "" {
		oidcConf.Claim = "preferred_username"
	}
	fs.StringVar(&oidcConf.Issuer, "oidc-issuer", os.Getenv("TERTIAL_OIDC_ISSUER"), "single sign-on: OpenID Connect-leverantörens issuer-adress (slår på inloggning med organisationens konto)")
	fs.StringVar(&oidcConf.ClientID, "oidc-client-id", os.Getenv("TERTIAL_OIDC_CLIENT_ID"), "single sign-on: Tertials klient-id hos leverantören")
	// The secret's default is not shown in the help: it is read from the environment after
	// parsing, and the environment is the better place for it (a flag shows in ps).
	fs.StringVar(&oidcConf.ClientSecret, "oidc-client-secret", "", "single sign-on: klienthemligheten (hellre i TERTIAL_OIDC_CLIENT_SECRET)")
	fs.StringVar(&oidcConf.RedirectURL, "oidc-redirect-url", os.Getenv("TERTIAL_OIDC_REDIRECT_URL"), "single sign-on: Tertials callback-adress, t.ex. https://tertial.example/oidc/callback")
	fs.StringVar(&oidcConf.Claim, "oidc-claim", oidcConf.Claim, "single sign-on: uppgiften i ID-token som anger kontot; sub går via kopplingen från tertial user link, annars är värdet kontots namn")
	proxies := &proxyFlag{fromEnv: true}
	if env := os.Getenv("TERTIAL_TRUSTED_PROXY"); env != "" {
		ps, err := parseProxies(env)
		if err != nil {
			return fmt.Errorf("%w: TERTIAL_TRUSTED_PROXY: %v", errUsage, err)
		}
		proxies.prefixes = ps
	}
	fs.Var(proxies, "trusted-proxy", "omvänd proxy framför Tertial (adress eller CIDR, kommaseparerat eller flera flaggor; TERTIAL_TRUSTED_PROXY): bara från den läses klientens adress ur X-Forwarded-For")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: serve tar inga argument utöver flaggor", errUsage)
	}
	if maxUpload.envErr != nil {
		return fmt.Errorf("%w: %v", errUsage, maxUpload.envErr)
	}
	if idle.envErr != nil {
		return fmt.Errorf("%w: %v", errUsage, idle.envErr)
	}
	if oidcConf.ClientSecret == "" {
		oidcConf.ClientSecret = os.Getenv("TERTIAL_OIDC_CLIENT_SECRET")
	}
	if err := oidcConf.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	runner, err := mailFlags.runner(db, logger)
	if err != nil {
		return err
	}
	runCtx, stopRunner := context.WithCancel(ctx)
	wait := startRunner(runCtx, runner)
	defer func() { stopRunner(); wait() }()
	return serve(ctx, db, *addr, logger, web.Options{Demo: dbf.demo.name != "", DemoUnit: dbf.demoUnit, SecureCookies: *secure, SessionTTL: *ttl, SessionIdle: idle.option(), PublishFormats: publishFormats(formatOptions{Chromium: *chromiumURL}),
		OIDC: oidcConf, KoladaURL: *koladaAPI, MaxUpload: maxUpload.n, TrustedProxies: proxies.prefixes})
}
