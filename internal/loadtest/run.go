// Package loadtest drives many signed-in clients against a running Tertial site: each
// reads the period page, the report and an indicator value's edit form, and saves a new
// value, while every request is timed. Afterwards every value is read back to check that
// no accepted save was lost. cmd/tertial-load is its command line.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config says what to run.
type Config struct {
	URL      string        // the site, e.g. http://127.0.0.1:8080
	Label    string        // what the site runs on, for the report (e.g. "sqlite")
	Clients  int           // concurrent signed-in clients
	Duration time.Duration // length of the measured phase
	// Think is the mean pause after each response before the client's next request
	// (uniform between half and one and a half of it); 0 runs a closed loop.
	Think time.Duration
	// UserPrefix names the accounts: client i signs in as UserName(UserPrefix, i).
	UserPrefix string
	// User, when set, is the one account every client signs in as, each with a session
	// of its own (e.g. the demo's "rapportor").
	User     string
	Password string

	Municipality string // default 0126 (the demo)
	Unit         string // default ks
	Period       string // default 2021-08
	Years        []int  // the years of the values written; default 2019, 2020, 2021

	MaxRetries    int    // conflicts in a row before a save counts as failed; default 20
	LoginParallel int    // sign-ins at a time; default all at once
	ServerPID     int    // the server's process, to report its CPU use; 0 when unknown
	DBProcess     string // the database server's process name ("postgres"), to report its CPU use

	Log io.Writer // progress lines; nil for none
	// OnLoadStart and OnLoadEnd are called around the measured phase (e.g. to profile
	// just that).
	OnLoadStart, OnLoadEnd func()
}

// UserName is the account of client i (0-based) for a prefix: prefix001, prefix002, …
func UserName(prefix string, i int) string { return fmt.Sprintf("%s%03d", prefix, i+1) }

func (c *Config) defaults() error {
	if c.URL == "" {
		return errors.New("no URL")
	}
	c.URL = strings.TrimRight(c.URL, "/")
	if c.Clients <= 0 {
		return errors.New("clients must be at least 1")
	}
	if c.Duration <= 0 {
		return errors.New("duration must be positive")
	}
	if c.User == "" && c.UserPrefix == "" {
		return errors.New("give a user prefix or a user")
	}
	if c.Municipality == "" {
		c.Municipality = "0126"
	}
	if c.Unit == "" {
		c.Unit = "ks"
	}
	if c.Period == "" {
		c.Period = "2021-08"
	}
	if len(c.Years) == 0 {
		c.Years = []int{2019, 2020, 2021}
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = 20
	}
	if c.LoginParallel <= 0 {
		c.LoginParallel = c.Clients
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return nil
}

func (c *Config) periodPath() string {
	return "/kommuner/" + url.PathEscape(c.Municipality) + "/enheter/" + url.PathEscape(c.Unit) + "/perioder/" + url.PathEscape(c.Period)
}

// item is one indicator value (indicator and year) that clients write to, with every
// save the server accepted.
type item struct {
	indicator string
	year      int
	path      string // the edit form

	mu       sync.Mutex
	initial  formState
	accepted []acceptedSave
	unknown  int // saves whose outcome is unknown (transport error after sending)
}

type acceptedSave struct {
	base   int    // the version the save was made from
	value  string // what was posted
	client string
}

func (it *item) accept(base int, value, client string) {
	it.mu.Lock()
	it.accepted = append(it.accepted, acceptedSave{base, value, client})
	it.mu.Unlock()
}

// shared is what all clients of a run share.
type shared struct {
	cfg     *Config
	stop    chan struct{} // closed when the measured phase ends
	counter atomic.Int64  // makes every posted value unique

	saves, conflicts, failed, lostNow, invisibleNow atomic.Int64

	mu      sync.Mutex
	samples []string
}

const maxSamples = 12

func (s *shared) sample(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.samples) < maxSamples {
		s.samples = append(s.samples, fmt.Sprintf(format, args...))
	}
}

func (s *shared) stopped() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// nextValue returns a value no other save of the run posts, as a user types it: with a
// decimal comma.
func (s *shared) nextValue() string {
	n := s.counter.Add(1)
	return fmt.Sprintf("%d,%02d", n/100, n%100)
}

// Run signs in the clients, runs the load for the configured duration, reads every value
// back and returns the result. It returns an error when the run could not be made at all
// (the site is unreachable, a sign-in fails, nothing to edit); problems found while
// running are in the result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	sh := &shared{cfg: &cfg, stop: make(chan struct{})}
	clients := make([]*client, cfg.Clients)
	for i := range clients {
		name := cfg.User
		if name == "" {
			name = UserName(cfg.UserPrefix, i)
		}
		c, err := newClient(sh, name, int64(i))
		if err != nil {
			return nil, err
		}
		clients[i] = c
	}
	defer func() {
		for _, c := range clients {
			c.http.CloseIdleConnections()
		}
	}()

	// Sign in, LoginParallel at a time.
	fmt.Fprintf(cfg.Log, "signing in %d clients…\n", len(clients))
	loginRec := NewRecorder()
	var loginMu sync.Mutex
	var loginErr error
	sem := make(chan struct{}, cfg.LoginParallel)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			d, err := c.signIn(ctx)
			loginMu.Lock()
			defer loginMu.Unlock()
			loginRec.Add(KindLogin, d, err == nil)
			if err != nil && loginErr == nil {
				loginErr = fmt.Errorf("sign in as %s: %w", c.name, err)
			}
		})
	}
	wg.Wait()
	if loginErr != nil {
		return nil, loginErr
	}

	items, err := discover(ctx, clients[0], &cfg)
	if err != nil {
		return nil, err
	}
	for i, c := range clients {
		c.item = items[i%len(items)]
	}
	fmt.Fprintf(cfg.Log, "%d indicator values to write to (%d years × %d indicators), %d clients each\n",
		len(items), len(cfg.Years), len(items)/len(cfg.Years), (len(clients)+len(items)-1)/len(items))

	// The measured phase.
	fmt.Fprintf(cfg.Log, "running for %s…\n", cfg.Duration)
	if cfg.OnLoadStart != nil {
		cfg.OnLoadStart()
	}
	cpuStart := sampleCPU(cfg.ServerPID, cfg.DBProcess)
	start := time.Now()
	window := max(time.Second, (cfg.Duration / 10).Round(time.Second))
	for _, c := range clients {
		c.rec.Windowed(start, window)
	}
	timer := time.AfterFunc(cfg.Duration, func() { close(sh.stop) })
	for _, c := range clients {
		wg.Go(func() { c.loop(ctx) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpuEnd := sampleCPU(cfg.ServerPID, cfg.DBProcess)
	timer.Stop()
	if cfg.OnLoadEnd != nil {
		cfg.OnLoadEnd()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	rec := NewRecorder()
	for _, c := range clients {
		rec.Merge(c.rec)
	}
	res := &Result{
		Target: cfg.URL, Clients: cfg.Clients, Think: cfg.Think, Elapsed: elapsed,
		Login: loginRec.Summary(KindLogin), All: rec.SummaryOf("all", PageKinds...), Items: len(items),
		Saves: int(sh.saves.Load()), Conflict: int(sh.conflicts.Load()), Failed: int(sh.failed.Load()),
	}
	if c, ok := cpuBetween(cpuStart, cpuEnd); ok {
		res.CPU = &c
	}
	if cfg.Label != "" {
		res.Target += " (" + cfg.Label + ")"
	}
	for _, k := range PageKinds {
		res.Kinds = append(res.Kinds, rec.Summary(k))
	}
	res.Window, res.WindowP99 = window, rec.WindowP99()

	fmt.Fprintf(cfg.Log, "reading back %d values…\n", len(items))
	v := verify(ctx, clients[0], items)
	res.Verified = v.checked
	res.Lost = max(v.lost, int(sh.lostNow.Load()))
	res.Invisible = v.invisible + int(sh.invisibleNow.Load())
	if n := sh.lostNow.Load(); n > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d saves were answered 303 but the form right after showed another save's value at the next version", n))
	}
	res.Notes = append(res.Notes, v.notes...)
	sh.mu.Lock()
	res.Samples = append(sh.samples, v.samples...)
	sh.mu.Unlock()
	if len(res.Samples) > maxSamples {
		res.Samples = res.Samples[:maxSamples]
	}
	return res, nil
}

var indicatorLink = regexp.MustCompile(`/redigera/indikator/([a-z0-9._-]+)/[0-9]{4}"`)

// discover finds the period's indicators on its "fill in" page, makes an item for each
// indicator and year, and reads each item's version as it is before the run.
func discover(ctx context.Context, c *client, cfg *Config) ([]*item, error) {
	base := cfg.periodPath()
	status, body, _, _, err := c.do(ctx, http.MethodGet, base+"/redigera", nil)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET %s/redigera: status %d (is the demo imported and the period open?)", base, status)
	}
	var ids []string
	seen := map[string]bool{}
	for _, m := range indicatorLink.FindAllStringSubmatch(body, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ids = append(ids, m[1])
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s/redigera links to no indicator value", base)
	}
	var items []*item
	// Year by year, so that the first clients spread over different indicators.
	for _, y := range cfg.Years {
		for _, id := range ids {
			items = append(items, &item{indicator: id, year: y, path: base + "/redigera/indikator/" + id + "/" + strconv.Itoa(y)})
		}
	}
	for _, it := range items {
		st, err := c.readForm(ctx, it.path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", it.path, err)
		}
		it.initial = st
	}
	return items, nil
}

// client is one signed-in browser.
type client struct {
	sh   *shared
	name string
	http *http.Client
	rng  *rand.Rand
	rec  *Recorder
	item *item
}

func newClient(sh *shared, name string, seed int64) (*client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 4, IdleConnTimeout: 2 * time.Minute}
	hc := &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute,
		// Redirects are part of what is checked (303 after a save), so never followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &client{sh: sh, name: name, http: hc, rng: rand.New(rand.NewPCG(uint64(seed), 0x7e57)), rec: NewRecorder()}, nil
}

// do makes a request (a form POST when form is not nil) and returns the status, body and
// Location, and how long it took until the whole body was read.
func (c *client) do(ctx context.Context, method, path string, form url.Values) (int, string, string, time.Duration, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.sh.cfg.URL+path, body)
	if err != nil {
		return 0, "", "", 0, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", "", time.Since(start), err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	d := time.Since(start)
	if err != nil {
		return resp.StatusCode, "", "", d, err
	}
	return resp.StatusCode, string(b), resp.Header.Get("Location"), d, nil
}

func (c *client) signIn(ctx context.Context) (time.Duration, error) {
	form := url.Values{"namn": {c.name}, "losenord": {c.sh.cfg.Password}, "nasta": {"/"}}
	status, _, _, d, err := c.do(ctx, http.MethodPost, "/logga-in", form)
	if err != nil {
		return d, err
	}
	if status != http.StatusSeeOther {
		return d, fmt.Errorf("status %d (wrong password, or no such account? see --setup-db)", status)
	}
	u, _ := url.Parse(c.sh.cfg.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if strings.TrimPrefix(ck.Name, "__Host-") == "tertial_session" && ck.Value != "" { // __Host- when cookies are Secure
			return d, nil
		}
	}
	return d, errors.New("no session cookie")
}

// get fetches a page that must answer 200 and records it under kind.
func (c *client) get(ctx context.Context, kind, path string) (string, bool) {
	status, body, _, d, err := c.do(ctx, http.MethodGet, path, nil)
	if ctx.Err() != nil {
		return "", false
	}
	ok := err == nil && status == http.StatusOK
	c.rec.Add(kind, d, ok)
	if !ok {
		c.sh.sample("%s GET %s: status %d, %v", c.name, path, status, err)
		return body, false
	}
	return body, true
}

// think pauses as a person reading the page would; it returns false when the measured
// phase has ended.
func (c *client) think(ctx context.Context) bool {
	if t := c.sh.cfg.Think; t > 0 {
		d := t/2 + time.Duration(c.rng.Int64N(int64(t)+1))
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-c.sh.stop:
		case <-ctx.Done():
		}
	}
	return !c.sh.stopped() && ctx.Err() == nil
}

// loop is what a client does until the measured phase ends: the period page, the report,
// the edit form, and a save, then again.
func (c *client) loop(ctx context.Context) {
	// Spread the first requests over one think time, so that the clients do not march in
	// step.
	if t := c.sh.cfg.Think; t > 0 {
		select {
		case <-time.After(time.Duration(c.rng.Int64N(int64(t)))):
		case <-c.sh.stop:
		case <-ctx.Done():
		}
	}
	base := c.sh.cfg.periodPath()
	for !c.sh.stopped() && ctx.Err() == nil {
		if _, ok := c.get(ctx, KindPeriod, base); !ok && !c.backOff(ctx) {
			return
		}
		if !c.think(ctx) {
			return
		}
		if _, ok := c.get(ctx, KindReport, base+"/rapport"); !ok && !c.backOff(ctx) {
			return
		}
		if !c.think(ctx) {
			return
		}
		st, ok := c.form(ctx, KindForm, c.item.path)
		if !ok {
			if !c.backOff(ctx) {
				return
			}
			continue
		}
		if !c.think(ctx) { // typing the value
			return
		}
		c.save(ctx, st)
		if !c.think(ctx) {
			return
		}
	}
}

// backOff waits a moment after a failed request, so that a broken site is not hammered;
// it returns false when the measured phase has ended.
func (c *client) backOff(ctx context.Context) bool {
	select {
	case <-time.After(100 * time.Millisecond):
	case <-c.sh.stop:
	case <-ctx.Done():
	}
	return !c.sh.stopped() && ctx.Err() == nil
}

// form fetches an edit form, records it under kind and returns its version and value.
func (c *client) form(ctx context.Context, kind, path string) (formState, bool) {
	body, ok := c.get(ctx, kind, path)
	if !ok {
		return formState{}, false
	}
	st, err := parseForm(body)
	if err != nil {
		c.sh.sample("%s GET %s: %v", c.name, path, err)
		return formState{}, false
	}
	return st, true
}

// readForm fetches an edit form without timing it (setup and verification).
func (c *client) readForm(ctx context.Context, path string) (formState, error) {
	status, body, _, _, err := c.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return formState{}, err
	}
	if status != http.StatusOK {
		return formState{}, fmt.Errorf("status %d", status)
	}
	return parseForm(body)
}

// save posts a new value from the version st was read at. A 409 (someone else saved
// first) is counted as a conflict; the form is read again and the save retried, as a
// user would. It runs to its end even when the measured phase ends meanwhile, so that
// every save sent has a known outcome.
func (c *client) save(ctx context.Context, st formState) {
	it := c.item
	for attempt := 0; ; attempt++ {
		value := c.sh.nextValue()
		form := url.Values{
			"version": {strconv.Itoa(st.version)}, "varde": {value}, "typ": {"outcome"}, "saknas": {""},
			"kommentar": {"tertial-load: " + c.name + " sparade " + value}, "atgard": {"spara"},
		}
		status, body, loc, d, err := c.do(ctx, http.MethodPost, it.path, form)
		if ctx.Err() != nil {
			return
		}
		switch {
		case err != nil:
			c.rec.Add(KindSave, d, false)
			c.sh.failed.Add(1)
			it.mu.Lock()
			it.unknown++ // it may or may not have been written
			it.mu.Unlock()
			c.sh.sample("%s POST %s: %v", c.name, it.path, err)
			return
		case status == http.StatusSeeOther && savedRedirect(it.path, loc):
			c.rec.Add(KindSave, d, true)
			c.sh.saves.Add(1)
			it.accept(st.version, value, c.name)
			// A browser goes on to the item's line in "Fyll i"; the check reads the form
			// again, which shows the saved version and value.
			c.checkSaved(ctx, it.path+"?sparat=1", st.version, value)
			return
		case status == http.StatusConflict:
			c.rec.Add(KindSave, d, true)
			c.sh.conflicts.Add(1)
			if attempt >= c.sh.cfg.MaxRetries {
				c.sh.failed.Add(1)
				c.sh.sample("%s POST %s: still a conflict after %d retries", c.name, it.path, attempt)
				return
			}
			var ok bool
			if st, ok = c.form(ctx, KindForm, it.path); !ok {
				c.sh.failed.Add(1)
				return
			}
		default:
			c.rec.Add(KindSave, d, false)
			c.sh.failed.Add(1)
			c.sh.sample("%s POST %s: status %d, Location %q: %s", c.name, it.path, status, loc, pageMessage(body))
			return
		}
	}
}

// savedRedirect reports whether loc is where a saved form sends the browser: the item's
// line in the period's "Fyll i" (…/redigera?sparat=KIND/KEY#anchor), or the form itself
// with its confirmation (?sparat=1).
func savedRedirect(form, loc string) bool {
	if loc == form+"?sparat=1" {
		return true
	}
	list, item, ok := strings.Cut(form, "/redigera/")
	return ok && strings.HasPrefix(loc, list+"/redigera?sparat="+url.QueryEscape(item)+"#")
}

// checkSaved follows the redirect after a save, as a browser does, and checks that the
// form shows the save: at the next version, the value posted. A later version is someone
// else's save made since; an earlier one means the save is not visible.
func (c *client) checkSaved(ctx context.Context, loc string, base int, value string) {
	st, ok := c.form(ctx, KindSaved, loc)
	if !ok {
		return
	}
	switch {
	case st.version <= base:
		c.sh.invisibleNow.Add(1)
		c.sh.sample("%s: after saving %s from version %d the form shows version %d", c.name, c.item.path, base, st.version)
	case st.version == base+1 && !sameNumber(st.value, value):
		c.sh.lostNow.Add(1)
		c.sh.sample("%s: saved %s from version %d, but version %d holds %q, not %q", c.name, c.item.path, base, st.version, st.value, value)
	}
}
