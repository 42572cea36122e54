// Command tertial-load drives many concurrent signed-in clients against a Tertial site and
// reports page times, conflicts and whether every save can be read back.
//
//	tertial-load [--url http://127.0.0.1:8080] [--clients 200] [--duration 30s] [--think 1s]
//	             [--user-prefix last | --user NAME] [--password PW] [--p99-limit 100ms]
//	tertial-load --setup-db URL [--clients 200] [--user-prefix last] [--password PW]
//	tertial-load --spawn sqlite|postgres://… [--inprocess] [--cpuprofile FILE] …
//
// Each client signs in with a session of its own and then, until the duration is up,
// reads the period page, the report and the edit form of an indicator value (indicator ×
// year, spread over the clients), saves a new value and follows the redirect; then, where
// the site has them (a route answering 404 is left out with a note), reads the period's
// overview and the municipality's, and saves one field of a money table's grid. A 409 (a
// stale version) is re-read and retried and counted as a conflict, not a failure. At the
// end every value is read back: the version must have grown by the number of accepted
// saves, the last accepted value must be shown, and every accepted value must be in the
// change history.
//
// The exit code is 1 when a request or save failed, a save was lost or not visible, or the
// p99 of a kind of page is over --p99-limit; 2 when the run could not be made.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tertial/tertial/internal/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tertial-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		cfg      loadtest.Config
		years    string
		p99      time.Duration
		setupDB  string
		spawn    string
		binary   string
		inproc   bool
		cpuprof  string
		blockpr  string
		srvLog   string
		quiet    bool
		password string
	)
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the site to load")
	fs.IntVar(&cfg.Clients, "clients", 200, "concurrent signed-in clients")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "length of the measured phase")
	fs.DurationVar(&cfg.Think, "think", time.Second, "mean pause after each response before a client's next request (uniform ½–1½ of it); 0 for a closed loop")
	fs.StringVar(&cfg.UserPrefix, "user-prefix", "last", "accounts PREFIX001…PREFIXNNN, one per client")
	fs.StringVar(&cfg.User, "user", "", "sign every client in as this one account instead, each with a session of its own (e.g. rapportor with --password demo on tertial serve --demo)")
	fs.StringVar(&password, "password", "tertial-load", "the accounts' password")
	fs.StringVar(&cfg.Municipality, "municipality", "0126", "municipality code")
	fs.StringVar(&cfg.Unit, "unit", "ks", "unit")
	fs.StringVar(&cfg.Period, "period", "2021-08", "period (must be open)")
	fs.StringVar(&years, "years", "2019-2021", "years of the indicator values written, FROM-TO (within the period's year −5…+1)")
	fs.StringVar(&cfg.GridTable, "grid-table", "drift", "the money table whose grid clients save (…/tabeller/TABLE; left out when the site answers 404); \"\" for none")
	fs.StringVar(&cfg.GridColumn, "grid-column", "forecast", "the column of the grid the clients change")
	fs.IntVar(&cfg.LoginParallel, "login-parallel", 0, "sign-ins at a time (0: all at once)")
	fs.DurationVar(&p99, "p99-limit", 100*time.Millisecond, "fail when the p99 of any kind of page is above this (0: no limit)")
	fs.StringVar(&setupDB, "setup-db", "", "import the demo (if missing) and create the accounts in this database (sqlite:PATH or postgres://…); alone, only that")
	fs.StringVar(&spawn, "spawn", "", "start a server for the run: sqlite, or a PostgreSQL URL on which a fresh database is created and dropped")
	fs.StringVar(&binary, "tertial", "", "with --spawn: the tertial binary to run (default: go build ./cmd/tertial)")
	fs.BoolVar(&inproc, "inprocess", false, "with --spawn: serve from this process instead of a tertial serve process (for --cpuprofile)")
	fs.StringVar(&cpuprof, "cpuprofile", "", "write a CPU profile of this process during the measured phase")
	fs.StringVar(&blockpr, "blockprofile", "", "write a profile of where goroutines of this process waited during the measured phase (with --inprocess: the server's waits for database connections and locks)")
	fs.StringVar(&srvLog, "server-log", "", "with --spawn: keep the server's log in this file")
	fs.BoolVar(&quiet, "q", false, "no progress lines")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tertial-load: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg.Password = password
	var err error
	if cfg.Years, err = parseYears(years); err != nil {
		fmt.Fprintln(stderr, "tertial-load:", err)
		return 2
	}
	if cfg.Clients < 1 {
		fmt.Fprintln(stderr, "tertial-load: --clients must be at least 1")
		return 2
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	logw := stderr
	if quiet {
		logw = io.Discard
	}
	cfg.Log = logw

	if setupDB != "" {
		if spawn != "" {
			fmt.Fprintln(stderr, "tertial-load: --setup-db and --spawn cannot be used together (--spawn sets up its own database)")
			return 2
		}
		if err := loadtest.Setup(ctx, setupDB, cfg.UserPrefix, cfg.Clients, cfg.Password, logw); err != nil {
			fmt.Fprintln(stderr, "tertial-load:", err)
			return 2
		}
		if !explicit["url"] {
			return 0
		}
	}

	if cpuprof != "" {
		f, err := os.Create(cpuprof)
		if err != nil {
			fmt.Fprintln(stderr, "tertial-load:", err)
			return 2
		}
		defer f.Close()
		cfg.OnLoadStart = func() { pprof.StartCPUProfile(f) }
		cfg.OnLoadEnd = pprof.StopCPUProfile
	}

	if blockpr != "" {
		start, end := cfg.OnLoadStart, cfg.OnLoadEnd
		cfg.OnLoadStart = func() {
			runtime.SetBlockProfileRate(int(100 * time.Microsecond))
			if start != nil {
				start()
			}
		}
		cfg.OnLoadEnd = func() {
			if end != nil {
				end()
			}
			runtime.SetBlockProfileRate(0)
			if f, err := os.Create(blockpr); err == nil {
				pprof.Lookup("block").WriteTo(f, 0)
				f.Close()
			}
		}
	}

	var srv *loadtest.Spawned
	if spawn != "" {
		if explicit["url"] {
			fmt.Fprintln(stderr, "tertial-load: --url and --spawn cannot be used together")
			return 2
		}
		if cfg.User != "" {
			fmt.Fprintln(stderr, "tertial-load: --spawn creates accounts PREFIX001…; --user is for a site set up by hand")
			return 2
		}
		srv, err = loadtest.Spawn(ctx, loadtest.SpawnOptions{DB: spawn, Binary: binary, InProcess: inproc, ServerLog: srvLog,
			Clients: cfg.Clients, UserPrefix: cfg.UserPrefix, Password: cfg.Password, Log: logw})
		if err != nil {
			fmt.Fprintln(stderr, "tertial-load:", err)
			return 2
		}
		defer srv.Close()
		cfg.URL, cfg.Label, cfg.ServerPID = srv.URL, srv.Label, srv.PID()
		if srv.Label == "postgres" {
			cfg.DBProcess, cfg.DBName = "postgres", srv.DBName()
		}
		if inproc {
			cfg.Label += ", in process"
		}
	}

	res, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "tertial-load:", err)
		return 2
	}
	if srv != nil {
		n, first := srv.ServerErrors()
		if n > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("the server logged %d errors, first: %s", n, strings.Join(first, " | ")))
		}
	}
	fmt.Fprintln(stdout)
	res.Write(stdout)
	if srv != nil {
		if err := srv.Close(); err != nil {
			fmt.Fprintln(stderr, "tertial-load: stopping the server:", err)
		}
	}
	if problems := res.Problems(p99); len(problems) > 0 {
		fmt.Fprintf(stdout, "\nFAIL: %s\n", strings.Join(problems, "; "))
		return 1
	}
	fmt.Fprintf(stdout, "\nPASS: no failed or lost save, every save visible afterwards, p99 of every page under %s\n", p99)
	return 0
}

// parseYears reads "2019-2021" or "2021".
func parseYears(s string) ([]int, error) {
	from, to, found := strings.Cut(s, "-")
	a, err1 := strconv.Atoi(strings.TrimSpace(from))
	b := a
	var err2 error
	if found {
		b, err2 = strconv.Atoi(strings.TrimSpace(to))
	}
	if err1 != nil || err2 != nil || b < a || b-a > 10 {
		return nil, fmt.Errorf("--years: want FROM-TO, e.g. 2019-2021, not %q", s)
	}
	var ys []int
	for y := a; y <= b; y++ {
		ys = append(ys, y)
	}
	return ys, nil
}
