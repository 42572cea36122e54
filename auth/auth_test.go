package auth_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial/auth"
)

func TestPasswords(t *testing.T) {
	h, err := auth.HashPassword("demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %s is not argon2id in PHC format", h)
	}
	if !auth.CheckPassword(h, "demo") || auth.CheckPassword(h, "Demo") || auth.CheckPassword(h, "") {
		t.Error("CheckPassword is wrong")
	}
	h2, _ := auth.HashPassword("demo")
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", h[:len(h)-4]} {
		if auth.CheckPassword(bad, "demo") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
	if _, err := auth.HashPassword("abc"); err == nil {
		t.Error("a three-character password was accepted")
	}
}

func TestTokens(t *testing.T) {
	a, ha := auth.NewToken()
	b, _ := auth.NewToken()
	if a == b || len(a) < 40 || ha != auth.HashToken(a) || ha == a {
		t.Errorf("tokens %q %q hash %q", a, b, ha)
	}
}

// TestLimiter: failures keep their slot for the window, per key; a success gives back
// only its own slot and forgets no failure.
func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := auth.NewLimiter(3, time.Minute)
	l.Now = func() time.Time { return now }
	for range 3 {
		a, ok := l.Reserve("user:a", "ip:1")
		if !ok {
			t.Fatal("refused too early")
		}
		a.Fail()
	}
	if _, ok := l.Reserve("user:a"); ok {
		t.Error("the fourth attempt on the account must be refused")
	}
	if _, ok := l.Reserve("ip:1"); ok {
		t.Error("the fourth attempt from the address must be refused")
	}
	if a, ok := l.Reserve("user:b", "ip:2"); !ok {
		t.Error("another account from another address was refused")
	} else {
		a.Release()
	}
	// A refused reservation takes no slot on the keys that still had room.
	if _, ok := l.Reserve("user:c", "ip:1"); ok {
		t.Error("an address with no slot left let an attempt through")
	}
	if n := l.Taken("user:c"); n != 0 {
		t.Errorf("a refused attempt took %d slots of the account", n)
	}
	now = now.Add(61 * time.Second)
	a, ok := l.Reserve("user:a", "ip:1")
	if !ok {
		t.Fatal("still refused after the window")
	}
	a.Fail()
	b, _ := l.Reserve("user:a", "ip:1")
	b.Release() // a success
	b.Fail()    // ending twice changes nothing
	if n := l.Taken("user:a"); n != 1 {
		t.Errorf("after a failure and a success the account has %d slots taken, want 1: a success must forget no failure", n)
	}
	if n := l.Taken("ip:1"); n != 1 {
		t.Errorf("after a failure and a success the address has %d slots taken, want 1", n)
	}
}

// TestLimiterCountsAttemptsInFlight: slots are taken when an attempt starts, so attempts
// that have not finished count; a key never has more than Max attempts in flight.
func TestLimiterCountsAttemptsInFlight(t *testing.T) {
	l := auth.NewLimiter(5, time.Minute)
	var held []*auth.Attempt
	for range 60 {
		if a, ok := l.Reserve("user:a"); ok {
			held = append(held, a)
		}
	}
	if len(held) != 5 {
		t.Fatalf("%d of 60 unfinished attempts got a slot, want 5", len(held))
	}
	held[0].Release()
	if a, ok := l.Reserve("user:a"); !ok {
		t.Error("a released slot was not free again")
	} else {
		a.Fail()
	}
	for _, a := range held[1:] {
		a.Fail()
	}
	if _, ok := l.Reserve("user:a"); ok || l.Taken("user:a") != 5 {
		t.Errorf("after five failures: %d slots taken, want 5 and refused", l.Taken("user:a"))
	}
}

// TestLimiterConcurrent: reservations from many goroutines at once never exceed Max.
func TestLimiterConcurrent(t *testing.T) {
	l := auth.NewLimiter(5, time.Minute)
	var mu sync.Mutex
	granted := 0
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			if _, ok := l.Reserve("user:a"); ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if granted != 5 {
		t.Errorf("%d of 200 concurrent attempts got a slot, want 5", granted)
	}
}

// TestCheckPasswordWork: every check does exactly one argon2id computation, whether the
// hash is real, empty (an account without a password) or malformed, so the time of an
// answer does not tell an unknown account from a wrong password.
func TestCheckPasswordWork(t *testing.T) {
	h, err := auth.HashPassword("demo")
	if err != nil {
		t.Fatal(err)
	}
	auth.Prepare()
	for _, c := range []struct {
		name, hash, password string
		want                 bool
	}{
		{"right password", h, "demo", true},
		{"wrong password", h, "fel", false},
		{"no password (single sign-on only)", "", "demo", false},
		{"malformed hash", "$argon2id$v=19$m=x$$", "demo", false},
		{"other scheme", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", "demo", false},
		{"zero passes", "$argon2id$v=19$m=19456,t=0,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA", "demo", false},
	} {
		before := auth.Derivations()
		if got := auth.CheckPassword(c.hash, c.password); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		if n := auth.Derivations() - before; n != 1 {
			t.Errorf("%s: %d argon2id computations, want 1", c.name, n)
		}
	}
}

// TestLimiterReserveWait: a key full of attempts in flight makes the next one wait, and
// let in when one of them succeeds; a key full of failures refuses at once, waiters
// included.
func TestLimiterReserveWait(t *testing.T) {
	l := auth.NewLimiter(2, time.Minute)
	a, _ := l.ReserveWait(context.Background(), "ip:1")
	b, _ := l.ReserveWait(context.Background(), "ip:1")
	got := make(chan bool)
	go func() {
		c, ok := l.ReserveWait(context.Background(), "ip:1")
		if ok {
			c.Release()
		}
		got <- ok
	}()
	go func() {
		d, ok := l.ReserveWait(context.Background(), "ip:1")
		if ok {
			d.Fail()
		}
		got <- ok
	}()
	a.Release() // a success: one waiter gets its slot
	b.Fail()
	first, second := <-got, <-got
	// Two waiters, one free slot after a success and a failure: at least one got in, and
	// once two failures are there, nobody else does.
	if !first && !second {
		t.Error("no waiter got the slot a success gave back")
	}
	if l.Taken("ip:1") > 2 {
		t.Errorf("%d slots taken, want at most 2", l.Taken("ip:1"))
	}
	for l.Taken("ip:1") < 2 {
		e, ok := l.ReserveWait(context.Background(), "ip:1")
		if !ok {
			t.Fatal("refused before the failures were there")
		}
		e.Fail()
	}
	if _, ok := l.ReserveWait(context.Background(), "ip:1"); ok {
		t.Error("a key full of failures let an attempt in")
	}
	// A waiter gives up when its context ends.
	f, _ := l.ReserveWait(context.Background(), "ip:2")
	g, _ := l.ReserveWait(context.Background(), "ip:2")
	defer f.Release()
	defer g.Release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok := l.ReserveWait(ctx, "ip:2"); ok {
		t.Error("a waiter whose request is gone got a slot")
	}
}
