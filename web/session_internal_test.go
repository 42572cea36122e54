package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// demoHash is the hash of "demo", made once: argon2id is slow on purpose.
var demoHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword("demo")
	if err != nil {
		panic(err)
	}
	return h
})

// limitSite starts the site over db, loaded with the demo, with three accounts of the
// demo's municipality: anna (reader) and bertil (controller) with the password "demo", and
// sso (reader) with no password, who signs in only by single sign-on.
func limitSite(t *testing.T, db *store.DB, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		user tertial.User
		hash string
	}{
		{tertial.User{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"}, demoHash()},
		{tertial.User{Name: "bertil", Role: tertial.RoleController, Municipality: "0126"}, demoHash()},
		{tertial.User{Name: "sso", Role: tertial.RoleReader, Municipality: "0126"}, ""},
	} {
		if err := db.CreateUser(ctx, "test", u.user, u.hash); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// signIn posts the sign-in form as name with password, through a proxy that says the
// client is forwardedFor ("" for no X-Forwarded-For), and returns the status.
func signIn(t *testing.T, srv *httptest.Server, name, password, forwardedFor string) int {
	t.Helper()
	form := url.Values{"namn": {name}, "losenord": {password}}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/logga-in", strings.NewReader(form.Encode()))
	if err != nil {
		t.Error(err)
		return 0
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestSignInsAtOnce: sixty sign-ins sent at once against one account check at most the
// limit's number of passwords. Every password check is held until the sign-ins that get
// no check have been answered, so all sixty are in before any check finishes: the worst
// case of sending them at once.
func TestSignInsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, srv := limitSite(t, db, Options{})
		var checks atomic.Int64
		tooMany := make(chan struct{})
		release := make(chan struct{})
		var once sync.Once
		s.checkPassword = func(hash, password string) bool {
			if checks.Add(1) > accountAttempts {
				once.Do(func() { close(tooMany) })
			}
			<-release
			return auth.CheckPassword(hash, password)
		}
		const n = 60
		derivations := auth.Derivations()
		answers := make(chan int, n)
		for i := range n {
			password := "fel"
			if i == n/2 {
				password = "demo"
			}
			go func() { answers <- signIn(t, srv, "anna", password, "") }()
		}
		var statuses []int
		refused := 0
	wait:
		for refused < n-accountAttempts {
			select {
			case <-tooMany:
				t.Errorf("more than %d passwords are being checked at once", accountAttempts)
				break wait
			case status := <-answers:
				statuses = append(statuses, status)
				if status != http.StatusTooManyRequests {
					t.Errorf("answer %d before any password check finished", status)
					break wait
				}
				refused++
			}
		}
		close(release)
		for len(statuses) < n {
			statuses = append(statuses, <-answers)
		}
		if c := checks.Load(); c > accountAttempts {
			t.Errorf("%d sign-ins at once checked %d passwords, want at most %d", n, c, accountAttempts)
		}
		if d := auth.Derivations() - derivations; d > accountAttempts {
			t.Errorf("%d sign-ins at once ran %d argon2id computations, want at most %d", n, d, accountAttempts)
		}
		count := map[int]int{}
		for _, st := range statuses {
			count[st]++
		}
		if count[http.StatusTooManyRequests] != n-accountAttempts || count[http.StatusUnauthorized]+count[http.StatusSeeOther] != accountAttempts {
			t.Errorf("answers %v, want %d × 429 and %d checked (401, or 303 for the right password)", count, n-accountAttempts, accountAttempts)
		}
		// The account's slots are all taken now, by failures: the right password waits too.
		if st := signIn(t, srv, "anna", "demo", ""); count[http.StatusUnauthorized] == accountAttempts && st != http.StatusTooManyRequests {
			t.Errorf("after %d failures the right password got %d, want 429", accountAttempts, st)
		}
	})
}

// TestSignInWorkIsTheSame: a wrong password, an unknown account, an account without a
// password and a disabled account each cost exactly one argon2id computation, like the
// right password: the time of the answer does not tell which accounts exist.
func TestSignInWorkIsTheSame(t *testing.T) {
	eachWithURL(t, func(t *testing.T, db *store.DB, dbURL string) {
		_, srv := limitSite(t, db, Options{})
		if err := db.CreateUser(context.Background(), "test", tertial.User{Name: "gone", Role: tertial.RoleReader, Municipality: "0126"}, demoHash()); err != nil {
			t.Fatal(err)
		}
		// No command disables an account yet: the test does it in the database.
		q := `UPDATE users SET disabled = 1 WHERE name = 'gone'`
		if _, err := storetest.Raw(t, dbURL).Exec(q); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what, name, password string
			status               int
		}{
			{"wrong password", "anna", "fel", http.StatusUnauthorized},
			{"unknown account", "nobody", "fel", http.StatusUnauthorized},
			{"account without a password", "sso", "demo", http.StatusUnauthorized},
			{"account without a password, no password given", "sso", "", http.StatusUnauthorized},
			{"disabled account, right password", "gone", "demo", http.StatusUnauthorized},
			{"right password", "anna", "demo", http.StatusSeeOther},
		} {
			before := auth.Derivations()
			if st := signIn(t, srv, c.name, c.password, ""); st != c.status {
				t.Errorf("%s: %d, want %d", c.what, st, c.status)
			}
			if n := auth.Derivations() - before; n != 1 {
				t.Errorf("%s: %d argon2id computations, want exactly 1", c.what, n)
			}
		}
	})
}

// eachWithURL is storetest.Each that also gives the database's URL, for a test that must
// change what Tertial has no command for.
func eachWithURL(t *testing.T, fn func(t *testing.T, db *store.DB, dbURL string)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			u := storetest.URL(t, d)
			db, err := store.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			fn(t, db, u)
		})
	}
}

// TestClientAddr: X-Forwarded-For is read only from a trusted proxy, and then the
// right-most address that is not a trusted proxy is the client's.
func TestClientAddr(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
	for _, c := range []struct {
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"198.51.100.1:5000", []string{"203.0.113.7"}, proxies, "198.51.100.1"},      // not from a proxy: ignored
		{"127.0.0.1:5000", []string{"203.0.113.7"}, nil, "127.0.0.1"},                // no proxy trusted
		{"127.0.0.1:5000", nil, proxies, "127.0.0.1"},                                // proxy without the header
		{"127.0.0.1:5000", []string{"203.0.113.7"}, proxies, "203.0.113.7"},          // the proxy's client
		{"127.0.0.1:5000", []string{"6.6.6.6, 203.0.113.7"}, proxies, "203.0.113.7"}, // what the client made up is left of it
		{"127.0.0.1:5000", []string{"6.6.6.6", "203.0.113.7, 10.0.0.2"}, proxies, "203.0.113.7"},
		{"127.0.0.1:5000", []string{"6.6.6.6,203.0.113.7,10.0.0.2"}, proxies, "203.0.113.7"},
		{"127.0.0.1:5000", []string{"10.0.0.3, 10.0.0.2"}, proxies, "10.0.0.3"},      // only proxies: the farthest
		{"127.0.0.1:5000", []string{"6.6.6.6, nonsense"}, proxies, "127.0.0.1"},      // not an address: believe nothing left of it
		{"127.0.0.1:5000", []string{"6.6.6.6, 10.0.0.2, x"}, proxies, "127.0.0.1"},   //
		{"[::ffff:127.0.0.1]:5000", []string{"203.0.113.7"}, proxies, "203.0.113.7"}, // IPv4 in IPv6
		{"127.0.0.1:5000", []string{"::ffff:203.0.113.7"}, proxies, "203.0.113.7"},
		{"[2001:db8::1]:5000", []string{"203.0.113.7"}, proxies, "2001:db8::1"},
		{"127.0.0.1:5000", []string{"2001:db8::1"}, proxies, "2001:db8::1"},
	} {
		s := &Server{opts: Options{TrustedProxies: c.trusted}}
		r := httptest.NewRequest(http.MethodPost, "/logga-in", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientAddr(r); got.String() != c.want {
			t.Errorf("from %s with X-Forwarded-For %q (trusted %v): %s, want %s", c.remote, c.xff, c.trusted, got, c.want)
		}
	}
	a, b := netip.MustParseAddr("2001:db8:1:2:aaaa::1"), netip.MustParseAddr("2001:db8:1:2:bbbb::2")
	if addressKey(a) != addressKey(b) || addressKey(a) == addressKey(netip.MustParseAddr("2001:db8:1:3::1")) {
		t.Errorf("IPv6 addresses must count by their /64: %s %s", addressKey(a), addressKey(b))
	}
	if addressKey(netip.MustParseAddr("203.0.113.7")) == addressKey(netip.MustParseAddr("203.0.113.8")) {
		t.Error("IPv4 addresses must count one by one")
	}
}

// TestAddressLimitBehindProxy: behind a trusted proxy, failures with made-up names from
// one client lock out that client, not everyone else behind the proxy, and the client
// cannot get out of it by making up an X-Forwarded-For of its own.
func TestAddressLimitBehindProxy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, srv := limitSite(t, db, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		const attacker, other = "203.0.113.7", "198.51.100.9"
		for i := range addressAttempts {
			if st := signIn(t, srv, fmt.Sprintf("made-up-%d", i), "fel", attacker); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, st)
			}
		}
		if st := signIn(t, srv, "anna", "demo", attacker); st != http.StatusTooManyRequests {
			t.Errorf("the address after %d failures: %d, want 429", addressAttempts, st)
		}
		if st := signIn(t, srv, "anna", "demo", "9.9.9.9, "+attacker); st != http.StatusTooManyRequests {
			t.Errorf("the address with a made-up X-Forwarded-For in front: %d, want 429", st)
		}
		if st := signIn(t, srv, "anna", "demo", other); st != http.StatusSeeOther {
			t.Errorf("another client behind the same proxy: %d, want 303", st)
		}
	})
}

// TestForwardedForIgnoredWithoutTrust: with no trusted proxy, X-Forwarded-For changes
// nothing: a client cannot make up a new address for each attempt.
func TestForwardedForIgnoredWithoutTrust(t *testing.T) {
	_, srv := limitSite(t, storetest.Open(t, store.SQLite), Options{})
	for i := range addressAttempts {
		if st := signIn(t, srv, fmt.Sprintf("made-up-%d", i), "fel", fmt.Sprintf("203.0.113.%d", i)); st != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, st)
		}
	}
	if st := signIn(t, srv, "anna", "demo", "198.51.100.9"); st != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one connection address: %d, want 429", addressAttempts, st)
	}
}

// TestSuccessKeepsFailures: a success forgets neither the address's failures nor the
// account's: one sign-in does not give the next guesser a fresh start.
func TestSuccessKeepsFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, srv := limitSite(t, db, Options{})
		for i := range addressAttempts - 1 {
			if st := signIn(t, srv, fmt.Sprintf("made-up-%d", i), "fel", ""); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, st)
			}
		}
		if st := signIn(t, srv, "anna", "demo", ""); st != http.StatusSeeOther {
			t.Fatalf("sign-in after %d failures: %d, want 303", addressAttempts-1, st)
		}
		if st := signIn(t, srv, "made-up-last", "fel", ""); st != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", addressAttempts, st)
		}
		if st := signIn(t, srv, "bertil", "demo", ""); st != http.StatusTooManyRequests {
			t.Errorf("after %d failures and a success between them: %d, want 429 (a success must not wipe the address's failures)", addressAttempts, st)
		}
	})
}

// TestAccountLimitAcrossAddresses: an account's failures count whatever address they
// come from, and successes neither use up nor reset its slots.
func TestAccountLimitAcrossAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, srv := limitSite(t, db, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		// Many successes use up nothing.
		for i := range accountAttempts + 1 {
			if st := signIn(t, srv, "anna", "demo", fmt.Sprintf("198.51.100.%d", i)); st != http.StatusSeeOther {
				t.Fatalf("sign-in %d: %d, want 303", i+1, st)
			}
		}
		for i := range accountAttempts - 1 {
			if st := signIn(t, srv, "anna", "fel", fmt.Sprintf("203.0.113.%d", i)); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i+1, st)
			}
		}
		if st := signIn(t, srv, "anna", "demo", "192.0.2.1"); st != http.StatusSeeOther {
			t.Fatalf("the owner after %d failures: %d, want 303", accountAttempts-1, st)
		}
		if st := signIn(t, srv, "anna", "fel", "203.0.113.99"); st != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", accountAttempts, st)
		}
		if st := signIn(t, srv, "anna", "demo", "192.0.2.2"); st != http.StatusTooManyRequests {
			t.Errorf("the account after %d failures from as many addresses: %d, want 429", accountAttempts, st)
		}
		if st := signIn(t, srv, "bertil", "demo", "203.0.113.99"); st != http.StatusSeeOther {
			t.Errorf("another account from an address with one failure: %d, want 303", st)
		}
	})
}

// TestSafeNext: only a path on this site passes; everything a browser could read as
// another site, or that would need cleaning up, becomes "/".
func TestSafeNext(t *testing.T) {
	for _, ok := range []string{"/", "/kommuner/0126", "/kommuner/0126/enheter/ks/perioder/2021-08?flik=mal&x=%2F%2F", "/a/b#c", "/%09", "/s%C3%B6k", "/sök"} {
		if got := safeNext(ok); got != ok {
			t.Errorf("safeNext(%q) = %q, want it kept", ok, got)
		}
	}
	for _, bad := range unsafeNexts {
		if got := safeNext(bad); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", bad, got)
		}
	}
}

// unsafeNexts are ways to write another site, or a script, as a "next" page.
var unsafeNexts = []string{
	"", "kommuner", "https://evil.example/", "http://evil.example", "javascript:alert(1)", "data:text/html,x", "evil.example",
	"//evil.example/", "///evil.example", "/\\evil.example", "\\/evil.example", "\\\\evil.example", "/x\\y",
	"/\t/evil.example/x", "/\n/evil.example/x", "/\r/evil.example/x", "\t//evil.example", "/\x00/evil.example",
	"/\x0b/evil.example", "/\x0c/evil.example", "/\x7f/evil.example", "/\u0085/evil.example", "/\u00a0/evil.example",
	"/\u2028/evil.example", "/\u200b/evil.example", "/\ufeff/evil.example", " /x", "/x ", "/ /evil.example", "/x\n",
	"/a//b", "/.//evil.example", "/\xff/evil.example",
}

// TestSignInFormBounded: a sign-in form of megabytes is refused before any password check
// and takes no slot, and a long made-up name is kept by the limiter in a few bytes.
func TestSignInFormBounded(t *testing.T) {
	s, srv := limitSite(t, storetest.Open(t, store.SQLite), Options{})
	before := auth.Derivations()
	if st := signIn(t, srv, strings.Repeat("a", 1<<20), "fel", ""); st != http.StatusBadRequest {
		t.Errorf("a 1 MB name: %d, want 400", st)
	}
	if n := auth.Derivations() - before; n != 0 {
		t.Errorf("a 1 MB name was checked (%d argon2id computations)", n)
	}
	if n := s.addressLimit.Taken(addressKey(netip.MustParseAddr("127.0.0.1"))); n != 0 {
		t.Errorf("a refused form took %d slots of the address", n)
	}
	long := strings.Repeat("b", 8<<10)
	if st := signIn(t, srv, long, "fel", ""); st != http.StatusUnauthorized {
		t.Errorf("an 8 kB name: %d, want 401", st)
	}
	if k := accountKey(long); len(k) > 100 || s.accountLimit.Taken(k) != 1 {
		t.Errorf("an 8 kB name is kept as a %d-byte key with %d slots taken, want a short key with 1", len(k), s.accountLimit.Taken(k))
	}
	if accountKey("anna") != "user:anna" || accountKey(long) == accountKey(long+"c") {
		t.Error("account keys must be the name, or for a long name its hash")
	}
}

// heldChecks holds the password checks of a server until released.
type heldChecks struct {
	checks  atomic.Int64
	started chan struct{} // one value per check started
	release chan struct{} // closed to let the checks go on
}

// holdChecks makes each of up to n password checks of s wait until release is closed.
func holdChecks(s *Server, n int) *heldChecks {
	h := &heldChecks{started: make(chan struct{}, n), release: make(chan struct{})}
	s.checkPassword = func(hash, password string) bool {
		h.checks.Add(1)
		h.started <- struct{}{}
		<-h.release
		return auth.CheckPassword(hash, password)
	}
	return h
}

// waitHeld waits until max checks have started and are held, failing if an answer comes
// first (someone was refused though slots were free, or more than max were checked).
func (h *heldChecks) waitHeld(t *testing.T, max int, answers <-chan int) {
	t.Helper()
	for range max {
		select {
		case <-h.started:
		case st := <-answers:
			close(h.release)
			t.Fatalf("answer %d while %d checks were held", st, h.checks.Load())
		}
	}
}

// TestManySignInsFromOneAddress: more people than the address's limit, behind one
// address, signing in at the same moment all get in: attempts in flight hold the
// address's slots only until they succeed.
func TestManySignInsFromOneAddress(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	s, srv := limitSite(t, db, Options{})
	const n = 2 * addressAttempts
	for i := range n {
		if err := db.CreateUser(context.Background(), "test", tertial.User{Name: fmt.Sprintf("person-%d", i), Role: tertial.RoleReader, Municipality: "0126"}, demoHash()); err != nil {
			t.Fatal(err)
		}
	}
	h := holdChecks(s, n)
	answers := make(chan int, n)
	for i := range n {
		go func() { answers <- signIn(t, srv, fmt.Sprintf("person-%d", i), "demo", "") }()
	}
	// The address's slots all held by checks in flight: the others wait, none is refused.
	h.waitHeld(t, addressAttempts, answers)
	if c := h.checks.Load(); c != addressAttempts {
		t.Errorf("%d checks from one address at once, want %d", c, addressAttempts)
	}
	close(h.release)
	for range n {
		if st := <-answers; st != http.StatusSeeOther {
			t.Errorf("one of %d people signing in at once from one address: %d, want 303", n, st)
		}
	}
}

// TestSprayFromOneAddress: guesses at many accounts at once from one address check at
// most the address's limit of passwords; the rest are refused once those have failed.
func TestSprayFromOneAddress(t *testing.T) {
	s, srv := limitSite(t, storetest.Open(t, store.SQLite), Options{})
	const n = 3 * addressAttempts
	h := holdChecks(s, n)
	answers := make(chan int, n)
	for i := range n {
		go func() { answers <- signIn(t, srv, fmt.Sprintf("guess-%d", i), "Sommar2026", "") }()
	}
	h.waitHeld(t, addressAttempts, answers)
	close(h.release)
	count := map[int]int{}
	for range n {
		count[<-answers]++
	}
	if c := h.checks.Load(); c != addressAttempts {
		t.Errorf("%d guesses at once from one address checked %d passwords, want %d", n, c, addressAttempts)
	}
	if count[http.StatusUnauthorized] != addressAttempts || count[http.StatusTooManyRequests] != n-addressAttempts {
		t.Errorf("answers %v, want %d × 401 and %d × 429", count, addressAttempts, n-addressAttempts)
	}
}
