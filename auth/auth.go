// Package auth holds the secrets of sign-in: argon2id password hashes, random session and
// API tokens (only their SHA-256 is stored), and a limiter for sign-in attempts.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters, OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 30 ms
// per hash on the development machine.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// argonSlots bounds how many argon2id computations run at once: each takes 19 MiB and a
// core, and 200 people signing in together must queue, not take 4 GB.
var argonSlots = make(chan struct{}, runtime.NumCPU())

// derivations counts argon2id computations since the process started.
var derivations atomic.Int64

// Derivations returns how many argon2id computations (hashes and checks) this process
// has run. It is how tests see that a sign-in did a password check's work, and how much.
func Derivations() int64 { return derivations.Load() }

func argonKey(password, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	derivations.Add(1)
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	return argon2.IDKey(password, salt, t, m, p, n)
}

// HashPassword returns an argon2id hash of the password in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash). It returns an error for a password shorter than
// four characters.
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < 4 {
		return "", fmt.Errorf("lösenordet är för kort")
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argonKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// dummyHash is the hash a password is checked against when there is none to check it
// against: an unknown account, an account that signs in only by single sign-on, a
// malformed hash. It has the parameters of every new hash, so that such a check takes as
// long as a real one and the time of an answer does not tell which accounts exist.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(rand.Text())
	if err != nil {
		panic(err) // a random text is long enough
	}
	return h
})

// Prepare makes the dummy hash that CheckPassword checks against when there is no hash,
// so that the first such sign-in after start is not slower than the others. A server
// calls it when it starts.
func Prepare() { dummyHash() }

// CheckPassword reports whether password matches the hash, in constant time. A malformed
// or empty hash never matches, but is not a shortcut: the password is then checked
// against a dummy hash, so that every call does one argon2id computation of the same
// cost and "no such account" cannot be told from "wrong password" by the time it takes.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return dummyCheck(password)
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return dummyCheck(password)
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return dummyCheck(password)
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || t == 0 || p == 0 {
		return dummyCheck(password)
	}
	got := argonKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyCheck checks password against the dummy hash and reports false whatever the
// outcome: the work is the point, not the answer.
func dummyCheck(password string) bool {
	CheckPassword(dummyHash(), password)
	return false
}

// NewToken returns a random token of 32 bytes as URL-safe text, and the hash the store
// keeps of it.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// NewTokenID returns the ID of a new API token, "t-" and twelve random hex digits: what
// the token is listed and revoked by, never a secret.
func NewTokenID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "t-" + hex.EncodeToString(b)
}

// HashToken returns the SHA-256 of a token in hex: what sessions and API tokens are
// stored and looked up by, so that a copy of the database holds no usable credential.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Limiter limits sign-in attempts per key (an account, an address). An attempt takes a
// slot before its password is checked, not after: a key whose Max slots are taken, by
// failures within Window and by attempts still being checked, is refused at once. So
// attempts sent all at once are counted before any of them has finished, and no more than
// Max passwords of one key are ever being checked at the same time.
//
// A failed attempt keeps its slot until Window has passed. A successful one gives its own
// slot back and forgets nothing else: were a success to wipe the failures, the account
// owner's routine sign-ins would hand an attacker a fresh set of guesses each time, and
// one person signing in behind a shared address would clear the count of everyone else
// there.
type Limiter struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu        sync.Mutex
	failures  map[string][]time.Time
	inFlight  map[string]int
	lastSweep time.Time
	// ended is closed, and replaced, whenever an attempt ends: what ReserveWait waits for.
	ended chan struct{}
}

// NewLimiter returns a limiter of max attempts per key and window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, Now: time.Now, failures: map[string][]time.Time{}, inFlight: map[string]int{},
		ended: make(chan struct{})}
}

func (l *Limiter) recent(key string) []time.Time {
	cutoff := l.Now().Add(-l.Window)
	fs := l.failures[key]
	i := 0
	for i < len(fs) && fs[i].Before(cutoff) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = fs
	}
	return fs
}

// sweep forgets, once a window, the failures of keys that have not been tried since they
// expired: made-up account names would otherwise stay in memory for good.
func (l *Limiter) sweep() {
	now := l.Now()
	if now.Sub(l.lastSweep) < l.Window {
		return
	}
	l.lastSweep = now
	for k := range l.failures {
		l.recent(k)
	}
}

// Reserve takes a slot for one attempt on every key, or on none of them when any key has
// no slot left, and reports whether it did. The caller must end a reserved attempt with
// Fail or Release.
func (l *Limiter) Reserve(keys ...string) (*Attempt, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep()
	for _, k := range keys {
		if len(l.recent(k))+l.inFlight[k] >= l.Max {
			return nil, false
		}
	}
	for _, k := range keys {
		l.inFlight[k]++
	}
	return &Attempt{l: l, keys: keys}, true
}

// ReserveWait is Reserve for one key that, when the key's slots are taken by attempts
// still in flight rather than by failures, waits for one of them to end instead of
// refusing: many people behind one address who sign in at the same moment all get in,
// while attempts beyond the failures allowed are still refused, as soon as the failures
// are there. It gives up, refusing, when ctx is done.
func (l *Limiter) ReserveWait(ctx context.Context, key string) (*Attempt, bool) {
	for {
		l.mu.Lock()
		l.sweep()
		failed := len(l.recent(key))
		if failed >= l.Max {
			l.mu.Unlock()
			return nil, false
		}
		if failed+l.inFlight[key] < l.Max {
			l.inFlight[key]++
			l.mu.Unlock()
			return &Attempt{l: l, keys: []string{key}}, true
		}
		if l.ended == nil {
			l.ended = make(chan struct{})
		}
		ended := l.ended
		l.mu.Unlock()
		select {
		case <-ended:
		case <-ctx.Done():
			return nil, false
		}
	}
}

// Taken returns how many of key's slots are taken: failures within the window and
// attempts in flight.
func (l *Limiter) Taken(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key)) + l.inFlight[key]
}

// Attempt is a sign-in attempt holding a slot of a Limiter.
type Attempt struct {
	l    *Limiter
	keys []string
	done bool
}

func (a *Attempt) end(failed bool) {
	if a == nil {
		return
	}
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if a.done {
		return
	}
	a.done = true
	now := l.Now()
	for _, k := range a.keys {
		if l.inFlight[k]--; l.inFlight[k] <= 0 {
			delete(l.inFlight, k)
		}
		if failed {
			l.failures[k] = append(l.recent(k), now)
		}
	}
	if l.ended != nil {
		close(l.ended)
	}
	l.ended = make(chan struct{})
}

// Fail ends the attempt as a failure: its slot stays taken until the window has passed.
func (a *Attempt) Fail() { a.end(true) }

// Release ends the attempt without counting it (a success, or an attempt given up
// before any password was checked): its slot is free again. Release after Fail does
// nothing.
func (a *Attempt) Release() { a.end(false) }
