package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/web"
)

// serve runs the web site on addr until ctx is cancelled (SIGINT, SIGTERM), then lets
// requests in flight finish for up to ten seconds.
func serve(ctx context.Context, db *store.DB, addr string, log *slog.Logger, opts web.Options) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serveOn(ctx, db, ln, log, opts)
}

// serveOn is serve on a listener that is already open.
func serveOn(ctx context.Context, db *store.DB, ln net.Listener, log *slog.Logger, opts web.Options) error {
	h, err := web.New(db, log, opts)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("Tertial lyssnar", "url", "http://"+ln.Addr().String()+"/")
	// An empty database is set up in the browser: the first administrator is created at a
	// one-time address, good until it is used or the server stops.
	if path, err := h.FirstRunPath(ctx); err != nil {
		ln.Close()
		return err
	} else if path != "" {
		log.Warn("Tertial har inga konton än: öppna adressen för första start och skapa den första administratören (adressen gäller tills den används eller servern startas om)",
			"url", "http://"+ln.Addr().String()+path)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stänger ner")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// proxyFlag is --trusted-proxy: the reverse proxies in front of Tertial, as addresses or
// networks (CIDR), comma-separated or in repeated flags. Its default comes from
// TERTIAL_TRUSTED_PROXY; a flag replaces that default rather than adding to it.
type proxyFlag struct {
	prefixes []netip.Prefix
	fromEnv  bool
}

func (f *proxyFlag) String() string {
	if f == nil {
		return ""
	}
	s := make([]string, len(f.prefixes))
	for i, p := range f.prefixes {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (f *proxyFlag) Set(v string) error {
	ps, err := parseProxies(v)
	if err != nil {
		return err
	}
	if f.fromEnv {
		f.prefixes, f.fromEnv = nil, false
	}
	f.prefixes = append(f.prefixes, ps...)
	return nil
}

// parseProxies reads a comma-separated list of addresses (203.0.113.7, ::1) and networks
// (10.0.0.0/8, fd00::/8).
func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if strings.Contains(item, "/") {
			p, err := netip.ParsePrefix(item)
			if err != nil {
				return nil, fmt.Errorf("%q är inget nät i CIDR-form (t.ex. 10.0.0.0/8)", item)
			}
			if p != p.Masked() {
				return nil, fmt.Errorf("%q har bitar utanför nätet: menar du %s?", item, p.Masked())
			}
			out = append(out, p)
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, fmt.Errorf("%q är varken en adress eller ett nät i CIDR-form (t.ex. 10.0.0.5 eller 10.0.0.0/8)", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// idleFlag is --session-idle: how long a session may go unused before it ends. Its default
// is TERTIAL_SESSION_IDLE, else web.DefaultSessionIdle; 0 turns the idle timeout off. A
// TERTIAL_SESSION_IDLE that cannot be read is in envErr unless the flag is given.
type idleFlag struct {
	d      time.Duration
	envErr error
}

func (f *idleFlag) String() string {
	if f == nil {
		return ""
	}
	return f.d.String()
}

func (f *idleFlag) Set(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 {
		return fmt.Errorf("tiden %q går inte att läsa: skriv till exempel 30m, 1h30m eller 0 (ingen tidsgräns för inaktivitet)", v)
	}
	f.d, f.envErr = d, nil
	return nil
}

// sessionIdleFlag registers --session-idle on fs.
func sessionIdleFlag(fs *flag.FlagSet) *idleFlag {
	f := &idleFlag{d: web.DefaultSessionIdle}
	if env := os.Getenv("TERTIAL_SESSION_IDLE"); env != "" {
		if err := f.Set(env); err != nil {
			f.envErr = fmt.Errorf("TERTIAL_SESSION_IDLE: %w", err)
		}
	}
	fs.Var(f, "session-idle", "hur länge en inloggning får vara oanvänd innan den upphör, t.ex. 30m; 0 stänger av (TERTIAL_SESSION_IDLE)")
	return f
}

// option is the flag as web.Options.SessionIdle says it, where 0 means the default and a
// negative value none.
func (f *idleFlag) option() time.Duration {
	if f.d == 0 {
		return -1
	}
	return f.d
}
