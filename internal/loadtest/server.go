package loadtest

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/web"
)

// Setup prepares a database for a run: it imports the demo when the database has no
// municipality 0126 yet, and creates the accounts prefix001…prefixNNN (reporters of the
// demo's unit ks) that do not exist yet. All accounts get the same password hash, so that
// 200 accounts cost one argon2id hash instead of 200 (`tertial user add` in a loop does
// the same, slower).
func Setup(ctx context.Context, dbURL, prefix string, n int, password string, log io.Writer) error {
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	munis, err := db.Municipalities(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(munis, func(m tertial.Municipality) bool { return m.Code == "0126" }) {
		ds, err := demo.Dataset()
		if err != nil {
			return err
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			return fmt.Errorf("import the demo: %w", err)
		}
		fmt.Fprintf(log, "imported the demo (%s) into %s\n", ds.Municipality.Name, redact(dbURL))
	}
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, u := range users {
		have[u.Name] = true
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	created := 0
	for i := range n {
		name := UserName(prefix, i)
		if have[name] {
			continue
		}
		u := tertial.User{Name: name, Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"}
		if err := db.CreateUser(ctx, "tertial-load", u, hash); err != nil {
			return fmt.Errorf("create account %s: %w", name, err)
		}
		created++
	}
	fmt.Fprintf(log, "accounts %s…%s: %d created, %d there already\n", UserName(prefix, 0), UserName(prefix, n-1), created, n-created)
	return nil
}

// redact drops the password from a database URL for printing.
func redact(dbURL string) string {
	if u, err := url.Parse(dbURL); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxx")
		}
		return u.String()
	}
	return dbURL
}

// SpawnOptions say how to start a server for a run.
type SpawnOptions struct {
	// DB is "sqlite" for a fresh SQLite file in a temporary directory, or the URL of a
	// PostgreSQL server's maintenance database (postgres://postgres@127.0.0.1:5432/postgres)
	// on which a fresh database is created, and dropped afterwards.
	DB string
	// Binary is the tertial binary to run; empty builds ./cmd/tertial with `go build`.
	Binary string
	// InProcess serves the site from this process (web.New) instead of a `tertial serve`
	// process, so that a CPU profile of this process covers the server.
	InProcess bool
	// ServerLog is where the server's log goes; empty for a file in the temporary
	// directory.
	ServerLog string

	Clients    int
	UserPrefix string
	Password   string
	Log        io.Writer
}

// Spawned is a server started for a run.
type Spawned struct {
	URL   string // http://127.0.0.1:PORT
	DBURL string
	Label string // "sqlite" or "postgres"

	log     io.Writer
	logPath string
	pid     int
	cleanup []func()
	stop    func() error
}

// Spawn creates a fresh database, imports the demo, creates the accounts, starts the
// server on a free loopback port and waits until /healthz answers. Close stops it.
func Spawn(ctx context.Context, o SpawnOptions) (s *Spawned, err error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	s = &Spawned{log: o.Log}
	defer func() {
		if err != nil {
			s.Close()
			s = nil
		}
	}()
	dir, err := os.MkdirTemp("", "tertial-load-")
	if err != nil {
		return s, err
	}
	s.cleanup = append(s.cleanup, func() { os.RemoveAll(dir) })

	switch {
	case o.DB == "sqlite":
		s.Label = "sqlite"
		s.DBURL = "sqlite:" + filepath.Join(dir, "tertial.db")
	case strings.HasPrefix(o.DB, "postgres://"), strings.HasPrefix(o.DB, "postgresql://"):
		s.Label = "postgres"
		dbURL, drop, err := createPostgresDatabase(ctx, o.DB)
		if err != nil {
			return s, err
		}
		s.cleanup = append(s.cleanup, drop)
		s.DBURL = dbURL
		fmt.Fprintf(o.Log, "created database %s\n", redact(dbURL))
	default:
		return s, fmt.Errorf("--spawn takes sqlite or a postgres:// URL, not %q", o.DB)
	}
	if err := Setup(ctx, s.DBURL, o.UserPrefix, o.Clients, o.Password, o.Log); err != nil {
		return s, err
	}

	s.logPath = o.ServerLog
	if s.logPath == "" {
		s.logPath = filepath.Join(dir, "server.log")
	}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return s, err
	}
	s.cleanup = append(s.cleanup, func() { logFile.Close() })

	if o.InProcess {
		err = s.serveInProcess(ctx, logFile)
	} else {
		err = s.serveBinary(ctx, o.Binary, dir, logFile)
	}
	if err != nil {
		return s, err
	}
	return s, waitHealthy(ctx, s.URL, 30*time.Second)
}

// serveInProcess serves the site from this process, as `tertial serve` does.
func (s *Spawned) serveInProcess(ctx context.Context, logFile *os.File) error {
	db, err := store.Open(ctx, s.DBURL)
	if err != nil {
		return err
	}
	s.cleanup = append(s.cleanup, func() { db.Close() })
	h, err := web.New(db, slog.New(slog.NewTextHandler(logFile, nil)), web.Options{})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	go srv.Serve(ln)
	s.URL = "http://" + ln.Addr().String()
	fmt.Fprintf(s.log, "serving in this process on %s (%s)\n", s.URL, s.Label)
	s.stop = func() error {
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(c)
	}
	return nil
}

// serveBinary runs `tertial serve --db URL --addr 127.0.0.1:PORT`, building the binary
// first when none is given.
func (s *Spawned) serveBinary(ctx context.Context, bin, dir string, logFile *os.File) error {
	if bin == "" {
		bin = filepath.Join(dir, "tertial")
		fmt.Fprintln(s.log, "building tertial…")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/tertial/tertial/cmd/tertial")
		if out, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/tertial: %v\n%s", err, out)
		}
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	addr := "127.0.0.1:" + port
	cmd := exec.Command(bin, "serve", "--db", s.DBURL, "--addr", addr)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	s.URL = "http://" + addr
	s.pid = cmd.Process.Pid
	fmt.Fprintf(s.log, "started %s serve --db %s --addr %s (pid %d)\n", bin, redact(s.DBURL), addr, cmd.Process.Pid)
	s.stop = func() error {
		select {
		case err := <-exited:
			return fmt.Errorf("the server had stopped: %v", err)
		default:
		}
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-exited
			return errors.New("the server did not stop within 15 s of SIGTERM; killed")
		}
	}
	// Fail fast when the server exits at once (port taken, database unreachable).
	select {
	case err := <-exited:
		s.stop = nil
		return fmt.Errorf("tertial serve exited: %v (log: %s)", err, s.logPath)
	case <-time.After(50 * time.Millisecond):
	}
	return nil
}

// freePort returns a loopback TCP port that was free a moment ago: tertial serve needs a
// fixed --addr, so the port is taken, released and handed over.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return port, err
}

func waitHealthy(ctx context.Context, base string, within time.Duration) error {
	deadline := time.Now().Add(within)
	hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{Proxy: nil}}
	defer hc.CloseIdleConnections()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/healthz did not answer 200 within %s (last error: %v)", base, within, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// DBName is the name of the PostgreSQL database the run uses ("" on SQLite).
func (s *Spawned) DBName() string {
	if s.Label != "postgres" {
		return ""
	}
	u, err := url.Parse(s.DBURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

// PID is the server's process ID, or 0 when it serves from this process.
func (s *Spawned) PID() int { return s.pid }

// ServerErrors counts the lines the server logged at level ERROR, with the first few.
func (s *Spawned) ServerErrors() (int, []string) {
	f, err := os.Open(s.logPath)
	if err != nil {
		return 0, nil
	}
	defer f.Close()
	n := 0
	var first []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "level=ERROR") {
			n++
			if len(first) < 5 {
				first = append(first, sc.Text())
			}
		}
	}
	return n, first
}

// Close stops the server (SIGTERM) and removes the database and temporary files.
func (s *Spawned) Close() error {
	var err error
	if s.stop != nil {
		err = s.stop()
		s.stop = nil
	}
	for i := len(s.cleanup) - 1; i >= 0; i-- {
		s.cleanup[i]()
	}
	s.cleanup = nil
	return err
}

// createPostgresDatabase creates a database tertial_load_<random> on the server of
// adminURL and returns its URL and a function that drops it.
func createPostgresDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "tertial_load_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database on %s: %w", redact(adminURL), err)
	}
	drop := func() {
		c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(c, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		drop()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
