package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// TestServeShutsDownGracefully: the server answers, and when its context is cancelled (as
// on SIGINT or SIGTERM) it finishes and returns without error.
func TestServeShutsDownGracefully(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, db, ln, slog.New(slog.NewJSONHandler(&logs, nil)), web.Options{}) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	// Logs are structured: one JSON object per line, with the request logged.
	if !strings.Contains(logs.String(), `"msg":"request"`) || !strings.Contains(logs.String(), `"path":"/healthz"`) {
		t.Errorf("logs: %s", logs.String())
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("still listening after shutdown")
	}
}

// TestTrustedProxyFlag: --trusted-proxy takes addresses and networks, comma-separated or
// repeated, and replaces TERTIAL_TRUSTED_PROXY; anything else is refused with what is
// wrong.
func TestTrustedProxyFlag(t *testing.T) {
	for _, c := range []struct {
		env   string
		flags []string
		want  string
	}{
		{"", nil, ""},
		{"10.0.0.0/8, 192.0.2.1", nil, "10.0.0.0/8,192.0.2.1/32"},
		{"", []string{"10.0.0.0/8,::1", "fd00::/8"}, "10.0.0.0/8,::1/128,fd00::/8"},
		{"10.0.0.0/8", []string{"192.0.2.0/24"}, "192.0.2.0/24"},
		{"", []string{"::ffff:192.0.2.1"}, "192.0.2.1/32"},
	} {
		t.Setenv("TERTIAL_TRUSTED_PROXY", c.env)
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		f := &proxyFlag{fromEnv: true}
		ps, err := parseProxies(c.env)
		if err != nil {
			t.Fatal(err)
		}
		f.prefixes = ps
		fs.Var(f, "trusted-proxy", "")
		var args []string
		for _, v := range c.flags {
			args = append(args, "--trusted-proxy", v)
		}
		if err := fs.Parse(args); err != nil {
			t.Fatalf("env %q flags %q: %v", c.env, c.flags, err)
		}
		if got := f.String(); got != c.want {
			t.Errorf("env %q flags %q: %q, want %q", c.env, c.flags, got, c.want)
		}
	}
	t.Setenv("TERTIAL_TRUSTED_PROXY", "")
	for _, bad := range []string{"proxy.example", "10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/8;192.0.2.1"} {
		code, _, stderr := runCmd(t, "serve", "--db", storetest.URL(t, store.SQLite), "--trusted-proxy", bad)
		if code != 2 || !strings.Contains(stderr, "trusted-proxy") || !strings.Contains(stderr, strings.Split(bad, ";")[0]) {
			t.Errorf("--trusted-proxy %s: exit %d: %s", bad, code, stderr)
		}
	}
	t.Setenv("TERTIAL_TRUSTED_PROXY", "nonsense")
	if code, _, stderr := runCmd(t, "serve", "--db", storetest.URL(t, store.SQLite)); code != 2 || !strings.Contains(stderr, "TERTIAL_TRUSTED_PROXY") {
		t.Errorf("TERTIAL_TRUSTED_PROXY=nonsense: exit %d: %s", code, stderr)
	}
}

// TestServeTrustsProxy: tertial serve --trusted-proxy reads the client's address from the
// proxy's X-Forwarded-For: failures from one client lock out that client only.
func TestServeTrustsProxy(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", storetest.URL(t, store.SQLite), "--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1"}, io.Discard, pw)
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
	var base string
	select {
	case base = <-addr:
	case code := <-done:
		t.Fatalf("serve ended with %d before listening", code)
	}
	signIn := func(name, client string) int {
		req, _ := http.NewRequest(http.MethodPost, base+"logga-in", strings.NewReader("namn="+name+"&losenord=fel"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	failures := 0
	for signIn(fmt.Sprintf("made-up-%d", failures), "203.0.113.7") == http.StatusUnauthorized {
		if failures++; failures > 100 {
			t.Fatal("no limit on failures from one client")
		}
	}
	if failures == 0 {
		t.Fatal("the first sign-in was refused")
	}
	if st := signIn("made-up-x", "198.51.100.9"); st != http.StatusUnauthorized {
		t.Errorf("another client behind the proxy after %d failures of the first: %d, want 401 (not 429)", failures, st)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit %d", code)
	}
}

// TestServePrintsFirstRunAddress: on an empty database serve logs a one-time first-run
// address that leads to the form; with an account it logs none.
func TestServePrintsFirstRunAddress(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, db, ln, slog.New(slog.NewJSONHandler(logs, nil)), web.Options{}) }()
	defer func() {
		cancel()
		<-done
	}()
	// The address is logged before the server answers its first request.
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	m := regexp.MustCompile(`"url":"(http://[^"]+/forsta-start\?token=[^"]+)"`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no first-run address in the log: %s", logs.String())
	}
	resp, err = http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Första start") {
		t.Errorf("the first-run address: %d", resp.StatusCode)
	}
}

// lockedBuffer is a bytes.Buffer that the server's goroutines may write while a test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
