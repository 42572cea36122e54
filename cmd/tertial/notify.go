package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial/notify"
	"github.com/tertial/tertial/store"
)

// notifyFlags are tertial serve's flags for reminders and notifications by e-mail
// (docs/notifications.md). Each flag's default is its environment variable; a flag given
// wins.
type notifyFlags struct {
	host, user, passwordFile, from, publicURL string
	port                                      int
	requireTLS                                bool
	interval                                  time.Duration
	retention                                 days
	envErr                                    error
}

// days is a flag's length of time in days ("180d") or as a Go duration ("4320h").
type days time.Duration

func (d *days) String() string {
	if *d%days(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(time.Duration(*d)/(24*time.Hour)), 10) + "d"
	}
	return time.Duration(*d).String()
}

func (d *days) Set(s string) error {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		v, err := strconv.Atoi(n)
		if err != nil {
			return fmt.Errorf("%q är inget antal dagar (till exempel 180d)", s)
		}
		*d = days(time.Duration(v) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q är inget antal dagar (till exempel 180d)", s)
	}
	*d = days(v)
	return nil
}

func envInt(name string, def int, errp *error) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil && *errp == nil {
		*errp = fmt.Errorf("%s: %q är inget tal", name, v)
	}
	return n
}

func registerNotifyFlags(fs *flag.FlagSet) *notifyFlags {
	f := &notifyFlags{}
	fs.StringVar(&f.host, "smtp-host", os.Getenv("TERTIAL_SMTP_HOST"), "e-post: SMTP-serverns namn; utan den skickas ingen e-post, men aviseringarna syns i Tertial (TERTIAL_SMTP_HOST)")
	fs.IntVar(&f.port, "smtp-port", envInt("TERTIAL_SMTP_PORT", 587, &f.envErr), "e-post: SMTP-serverns port (TERTIAL_SMTP_PORT)")
	fs.BoolVar(&f.requireTLS, "smtp-require-tls", os.Getenv("TERTIAL_SMTP_REQUIRE_TLS") == "1", "e-post: skicka bara över STARTTLS; annars används STARTTLS när servern erbjuder det (TERTIAL_SMTP_REQUIRE_TLS=1)")
	fs.StringVar(&f.user, "smtp-user", os.Getenv("TERTIAL_SMTP_USER"), "e-post: användare för AUTH PLAIN, som bara skickas över TLS eller till localhost (TERTIAL_SMTP_USER)")
	fs.StringVar(&f.passwordFile, "smtp-password-file", os.Getenv("TERTIAL_SMTP_PASSWORD_FILE"), "e-post: fil med lösenordet för --smtp-user (TERTIAL_SMTP_PASSWORD_FILE)")
	fs.StringVar(&f.from, "smtp-from", os.Getenv("TERTIAL_SMTP_FROM"), "e-post: avsändaradressen, t.ex. tertial@kommun.se (TERTIAL_SMTP_FROM)")
	fs.StringVar(&f.publicURL, "public-url", os.Getenv("TERTIAL_PUBLIC_URL"), "Tertials adress som användarna når den, för länkarna i e-post, t.ex. https://tertial.kommun.se (TERTIAL_PUBLIC_URL)")
	interval := time.Minute
	if v := os.Getenv("TERTIAL_NOTIFY_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil && f.envErr == nil {
			f.envErr = fmt.Errorf("TERTIAL_NOTIFY_INTERVAL: %w", err)
		}
		interval = d
	}
	fs.DurationVar(&f.interval, "notify-interval", interval, "hur ofta påminnelser och aviseringar tas fram och e-post skickas (TERTIAL_NOTIFY_INTERVAL)")
	f.retention = days(notify.DefaultRetention)
	if v := os.Getenv("TERTIAL_NOTICE_RETENTION"); v != "" {
		if err := f.retention.Set(v); err != nil && f.envErr == nil {
			f.envErr = fmt.Errorf("TERTIAL_NOTICE_RETENTION: %w", err)
		}
	}
	fs.Var(&f.retention, "notice-retention", "hur länge aviseringarna sparas innan de gallras, i dagar (180d) (TERTIAL_NOTICE_RETENTION)")
	return f
}

// runner checks the flags and returns the notification runner they describe.
func (f *notifyFlags) runner(db *store.DB, log *slog.Logger) (*notify.Runner, error) {
	if f.envErr != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, f.envErr)
	}
	if f.interval <= 0 {
		return nil, fmt.Errorf("%w: --notify-interval måste vara mer än 0", errUsage)
	}
	if time.Duration(f.retention) < 24*time.Hour {
		return nil, fmt.Errorf("%w: --notice-retention måste vara minst en dag (1d)", errUsage)
	}
	r := &notify.Runner{DB: db, Tick: f.interval, Log: log, PublicURL: strings.TrimRight(f.publicURL, "/"), Retention: time.Duration(f.retention)}
	if f.host == "" {
		if f.user != "" || f.passwordFile != "" || f.from != "" {
			return nil, fmt.Errorf("%w: --smtp-user, --smtp-password-file och --smtp-from kräver --smtp-host", errUsage)
		}
		return r, nil
	}
	if u, err := url.Parse(f.publicURL); f.publicURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: --public-url behövs med --smtp-host, som http(s)://värd, för länkarna i e-posten", errUsage)
	}
	c := notify.SMTPConfig{Host: f.host, Port: f.port, User: f.user, From: f.from}
	if f.requireTLS {
		c.TLS = notify.TLSRequired
	}
	if f.passwordFile != "" {
		info, err := os.Stat(f.passwordFile)
		if err != nil {
			return nil, fmt.Errorf("%w: --smtp-password-file: %v", errUsage, err)
		}
		if info.Mode().Perm()&0o077 != 0 {
			log.Warn("lösenordsfilen för SMTP kan läsas av andra än ägaren: gör chmod 600", "fil", f.passwordFile)
		}
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return nil, fmt.Errorf("%w: --smtp-password-file: %v", errUsage, err)
		}
		c.Password = strings.TrimRight(string(b), "\r\n")
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	r.Sender = notify.SMTP{Config: c}
	return r, nil
}

// startRunner runs r until ctx ends; the function it returns waits for it to stop.
func startRunner(ctx context.Context, r *notify.Runner) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Run(ctx)
	}()
	return func() { <-done }
}
