package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tertial/tertial/notify"
)

func notifyRunnerFrom(t *testing.T, args ...string) (*notify.Runner, error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := registerNotifyFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return f.runner(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func TestNotifyFlags(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "smtp-password")
	if err := os.WriteFile(pw, []byte("hemligt\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Without a host: no sender, notifications only.
	r, err := notifyRunnerFrom(t)
	if err != nil || r.Sender != nil || r.Tick != time.Minute || r.Retention != notify.DefaultRetention {
		t.Fatalf("no host: %+v, %v", r, err)
	}
	// The environment gives defaults; flags win.
	t.Setenv("TERTIAL_SMTP_HOST", "env.example.se")
	t.Setenv("TERTIAL_SMTP_PORT", "2525")
	t.Setenv("TERTIAL_SMTP_FROM", "tertial@example.se")
	t.Setenv("TERTIAL_PUBLIC_URL", "https://tertial.example.se/")
	t.Setenv("TERTIAL_SMTP_PASSWORD_FILE", pw)
	r, err = notifyRunnerFrom(t, "--smtp-host", "flag.example.se", "--smtp-user", "tertial", "--smtp-require-tls", "--notify-interval", "5s")
	if err != nil {
		t.Fatal(err)
	}
	c := r.Sender.(notify.SMTP).Config
	if c.Host != "flag.example.se" || c.Port != 2525 || c.Password != "hemligt" || c.TLS != notify.TLSRequired || c.From != "tertial@example.se" || r.PublicURL != "https://tertial.example.se" || r.Tick != 5*time.Second {
		t.Errorf("config = %+v, url %q, tick %v", c, r.PublicURL, r.Tick)
	}
	for _, bad := range [][]string{
		{"--public-url", ""},                      // links need the public address
		{"--smtp-from", "Tertial <t@example.se>"}, // a plain address
		{"--smtp-password-file", filepath.Join(t.TempDir(), "none")},
		{"--smtp-password-file", "", "--smtp-user", "u"}, // a user needs a password
		{"--notify-interval", "0s"},
	} {
		if _, err := notifyRunnerFrom(t, bad...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
	// The notices' retention: days or a duration, from the environment or the flag.
	t.Setenv("TERTIAL_NOTICE_RETENTION", "90d")
	if r, err := notifyRunnerFrom(t); err != nil || r.Retention != 90*24*time.Hour {
		t.Errorf("TERTIAL_NOTICE_RETENTION=90d: %v, %v", r.Retention, err)
	}
	if r, err := notifyRunnerFrom(t, "--notice-retention", "720h"); err != nil || r.Retention != 30*24*time.Hour {
		t.Errorf("--notice-retention 720h: %v, %v", r.Retention, err)
	}
	for _, bad := range []string{"0d", "1h", "-5d"} {
		if _, err := notifyRunnerFrom(t, "--notice-retention", bad); !errors.Is(err, errUsage) {
			t.Errorf("--notice-retention %s: %v, want a usage error", bad, err)
		}
	}
	t.Setenv("TERTIAL_NOTICE_RETENTION", "ett halvår")
	if _, err := notifyRunnerFrom(t); !errors.Is(err, errUsage) {
		t.Errorf("a bad TERTIAL_NOTICE_RETENTION: %v", err)
	}
	t.Setenv("TERTIAL_NOTICE_RETENTION", "")
	t.Setenv("TERTIAL_SMTP_PORT", "femhundra")
	if _, err := notifyRunnerFrom(t); !errors.Is(err, errUsage) {
		t.Errorf("a bad TERTIAL_SMTP_PORT: %v", err)
	}
}
