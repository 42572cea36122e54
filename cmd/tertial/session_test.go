package main

import (
	"bufio"
	"context"
	"flag"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSessionIdleFlag: --session-idle takes its default from TERTIAL_SESSION_IDLE, else 30
// minutes; the flag wins; 0 turns the idle timeout off (a negative web.Options.SessionIdle,
// since 0 there means the default). What cannot be read, or is negative, is refused with
// what was wrong; a bad environment value only when the flag does not replace it.
func TestSessionIdleFlag(t *testing.T) {
	for _, c := range []struct {
		env    string
		args   []string
		want   time.Duration // web.Options.SessionIdle
		envErr bool
	}{
		{"", nil, 30 * time.Minute, false},
		{"15m", nil, 15 * time.Minute, false},
		{"15m", []string{"--session-idle", "1h"}, time.Hour, false},
		{"0", nil, -1, false},
		{"", []string{"--session-idle=0"}, -1, false},
		{"0", []string{"--session-idle", "45m"}, 45 * time.Minute, false},
		{"en stund", nil, 30 * time.Minute, true},
		{"en stund", []string{"--session-idle", "20m"}, 20 * time.Minute, false},
		{"-5m", nil, 30 * time.Minute, true},
	} {
		t.Setenv("TERTIAL_SESSION_IDLE", c.env)
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		f := sessionIdleFlag(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatalf("env %q, args %v: %v", c.env, c.args, err)
		}
		if got := f.option(); got != c.want || (f.envErr != nil) != c.envErr {
			t.Errorf("env %q, args %v: %v, %v; want %v (error %v)", c.env, c.args, got, f.envErr, c.want, c.envErr)
		}
	}
	t.Setenv("TERTIAL_SESSION_IDLE", "")
	for _, bad := range []string{"30", "-1m", "lång"} {
		code, _, stderr := runCmd(t, "serve", "--db", storetest.URL(t, store.SQLite), "--session-idle", bad)
		if code != 2 || !strings.Contains(stderr, "session-idle") || !strings.Contains(stderr, `"`+bad+`"`) {
			t.Errorf("--session-idle %s: exit %d: %s", bad, code, stderr)
		}
	}
	t.Setenv("TERTIAL_SESSION_IDLE", "halvtimme")
	if code, _, stderr := runCmd(t, "serve", "--db", storetest.URL(t, store.SQLite)); code != 2 || !strings.Contains(stderr, "TERTIAL_SESSION_IDLE") || !strings.Contains(stderr, `"halvtimme"`) {
		t.Errorf("TERTIAL_SESSION_IDLE=halvtimme: exit %d: %s", code, stderr)
	}
}

// TestServeSessionCookie: tertial serve names the session cookie __Host-tertial_session
// with --secure-cookies and tertial_session without (ASVS 3.4.4).
func TestServeSessionCookie(t *testing.T) {
	for _, c := range []struct {
		args []string
		name string
	}{
		{[]string{"--secure-cookies"}, "__Host-tertial_session"},
		{nil, "tertial_session"},
	} {
		base, stop := startServe(t, append([]string{"--demo"}, c.args...)...)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.PostForm(base+"logga-in", url.Values{"namn": {"lasare"}, "losenord": {"demo"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookies := resp.Cookies()
		if len(cookies) != 1 || cookies[0].Name != c.name || cookies[0].Secure != (c.name != "tertial_session") || cookies[0].Path != "/" || cookies[0].Domain != "" {
			t.Errorf("serve %v: sign-in %d sets %v, want only %s", c.args, resp.StatusCode, cookies, c.name)
		}
		stop()
	}
}

// startServe runs tertial serve with args on a free port and returns its address and a
// function that stops it (and fails the test if it did not end well).
func startServe(t *testing.T, args ...string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, pw)
		pw.Close()
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		re := regexp.MustCompile(`url=(http://\S+/)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case base = <-addr:
	case code := <-done:
		cancel()
		t.Fatalf("serve %v ended with %d before listening", args, code)
	}
	return base, func() {
		t.Helper()
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve %v: exit %d", args, code)
		}
	}
}
