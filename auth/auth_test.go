package auth_test

import (
	"strings"
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

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := auth.NewLimiter(3, time.Minute)
	l.Now = func() time.Time { return now }
	for range 3 {
		if !l.Allowed("user:a", "ip:1") {
			t.Fatal("refused too early")
		}
		l.Fail("user:a", "ip:1")
	}
	if l.Allowed("user:a") || l.Allowed("ip:1") || !l.Allowed("user:b") {
		t.Error("the fourth attempt must be refused for the account and the address, not others")
	}
	now = now.Add(61 * time.Second)
	if !l.Allowed("user:a", "ip:1") {
		t.Error("still refused after the window")
	}
	l.Fail("user:a")
	l.Succeed("user:a")
	if !l.Allowed("user:a") {
		t.Error("success must forget failures")
	}
}
