// Package kolada is a client for Kolada's open REST API, version 3
// (https://api.kolada.se/v3): KPI metadata, municipalities, municipality groups and their
// members, and data by KPI × municipality × year or by organisational unit.
//
// Every list response has the shape {"count": n, "values": [...], "next_url": url}; the
// client follows next_url, a full URL, until there is none. The response shapes, what
// they follow and which missing fields are errors are described in wire.go. Ids in a path segment are
// comma-separated, at most 25 per segment: longer lists are split into several requests.
// Requests time out, and 429 and 5xx answers are retried with back-off (Retry-After is
// respected). Errors are in Swedish and say in one line why, also when Kolada cannot be
// reached at all.
package kolada

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultURL is Kolada's API.
const DefaultURL = "https://api.kolada.se/v3"

// MaxIDs is the most ids Kolada accepts in one path segment.
const MaxIDs = 25

// Client talks to Kolada.
type Client struct {
	BaseURL    string       // DefaultURL when empty
	HTTP       *http.Client // a client with a 30 s timeout when nil
	Retries    int          // retries after the first attempt on 429, 5xx and network errors; 4 when 0
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// Sleep waits between attempts; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Requests counts the HTTP requests made.
	Requests int
}

// New returns a client for base (DefaultURL when "").
func New(base string) *Client {
	return &Client{BaseURL: base}
}

// KPIs returns the metadata of the KPIs with the ids.
func (c *Client) KPIs(ctx context.Context, ids ...string) ([]KPI, error) {
	var out []KPI
	for _, batch := range Batches(ids) {
		vs, err := list[KPI](ctx, c, "/kpi/"+join(batch), nil)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}

// Municipalities returns the municipalities with the ids, or all when none is given.
func (c *Client) Municipalities(ctx context.Context, ids ...string) ([]Municipality, error) {
	if len(ids) == 0 {
		return list[Municipality](ctx, c, "/municipality", nil)
	}
	var out []Municipality
	for _, batch := range Batches(ids) {
		vs, err := list[Municipality](ctx, c, "/municipality/"+join(batch), nil)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}

// Groups returns the municipality groups whose title contains title (all when "").
func (c *Client) Groups(ctx context.Context, title string) ([]Group, error) {
	q := url.Values{}
	if title != "" {
		q.Set("title", title)
	}
	return list[Group](ctx, c, "/municipality_groups", q)
}

// Group returns the municipality group with the id and its members.
func (c *Client) Group(ctx context.Context, id string) (*Group, error) {
	gs, err := list[Group](ctx, c, "/municipality_groups/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	for i := range gs {
		if gs[i].ID == id {
			return &gs[i], nil
		}
	}
	return nil, fmt.Errorf("Kolada har ingen kommungrupp %s", id)
}

// Data returns the data of the KPIs for the municipalities and years, each list batched
// to at most MaxIDs per request. Years may be empty for all years.
func (c *Client) Data(ctx context.Context, kpis, municipalities []string, years []int) ([]DataPoint, error) {
	return c.data(ctx, "/data/kpi/%s/municipality/%s", kpis, municipalities, years)
}

// OUData returns the data of the KPIs for the organisational units and years.
func (c *Client) OUData(ctx context.Context, kpis, ous []string, years []int) ([]DataPoint, error) {
	return c.data(ctx, "/oudata/kpi/%s/ou/%s", kpis, ous, years)
}

func (c *Client) data(ctx context.Context, pattern string, kpis, ids []string, years []int) ([]DataPoint, error) {
	if len(kpis) == 0 || len(ids) == 0 {
		return nil, nil
	}
	ys := make([]string, len(years))
	for i, y := range years {
		ys[i] = strconv.Itoa(y)
	}
	yearBatches := Batches(ys)
	if len(yearBatches) == 0 {
		yearBatches = [][]string{nil}
	}
	var out []DataPoint
	for _, kb := range Batches(kpis) {
		for _, mb := range Batches(ids) {
			for _, yb := range yearBatches {
				path := fmt.Sprintf(pattern, join(kb), join(mb))
				if len(yb) > 0 {
					path += "/year/" + join(yb)
				}
				vs, err := list[DataPoint](ctx, c, path, nil)
				if err != nil {
					return nil, err
				}
				for _, dp := range vs {
					if !dp.deleted {
						out = append(out, dp)
					}
				}
			}
		}
	}
	return out, nil
}

// Batches splits ids into slices of at most MaxIDs.
func Batches(ids []string) [][]string {
	var out [][]string
	for len(ids) > MaxIDs {
		out = append(out, ids[:MaxIDs])
		ids = ids[MaxIDs:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

func join(ids []string) string {
	esc := make([]string, len(ids))
	for i, id := range ids {
		esc[i] = url.PathEscape(id)
	}
	return strings.Join(esc, ",")
}

// list fetches path and every following page, and decodes their values.
func list[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	base := c.base()
	next := base + path
	if len(q) > 0 {
		next += "?" + q.Encode()
	}
	var out []T
	seen := map[string]bool{}
	for next != "" {
		if seen[next] {
			return nil, &Error{Status: http.StatusOK, Message: fmt.Sprintf("Kolada svarar med samma sida igen (%s)", next)}
		}
		seen[next] = true
		var p page
		if err := c.get(ctx, next, &p); err != nil {
			return nil, err
		}
		vs, err := items[T](&p)
		if err != nil {
			return nil, unreadable(next, err)
		}
		out = append(out, vs...)
		next = p.NextURL
		if next != "" {
			// Kolada's next_url is absolute; a relative one is resolved against the
			// page it came from rather than refused.
			u, err := url.Parse(next)
			if err != nil {
				return nil, &Error{Status: http.StatusOK, Message: fmt.Sprintf("Kolada svarade med en ogiltig next_url %q på %s", next, path), Err: err}
			}
			if !u.IsAbs() {
				bu, _ := url.Parse(base + "/")
				next = bu.ResolveReference(u).String()
			}
		}
	}
	return out, nil
}

// unreadable is the error for an answer that is JSON but not the shape Tertial reads.
func unreadable(u string, err error) *Error {
	var me *missingError
	if errors.As(err, &me) {
		return &Error{Status: http.StatusOK, Message: fmt.Sprintf("Kolada svarade utan fältet %s på %s", me.path, u), Err: err}
	}
	return &Error{Status: http.StatusOK, Message: fmt.Sprintf("Kolada svarade med något som inte kan läsas på %s (%s)", u, firstLine(err.Error())), Err: err}
}

func (c *Client) base() string {
	if c.BaseURL == "" {
		return DefaultURL
	}
	return strings.TrimRight(c.BaseURL, "/")
}

// Error is an error from Kolada, in Swedish, on one line.
type Error struct {
	Status  int // HTTP status; 0 when Kolada could not be reached
	Message string
	Err     error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// Offline reports whether err says that Kolada could not be reached.
func Offline(err error) bool {
	var ke *Error
	return errors.As(err, &ke) && ke.Status == 0
}

func (c *Client) get(ctx context.Context, u string, dest any) error {
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	retries := c.Retries
	if retries == 0 {
		retries = 4
	}
	minB, maxB := c.MinBackoff, c.MaxBackoff
	if minB == 0 {
		minB = 500 * time.Millisecond
	}
	if maxB == 0 {
		maxB = 30 * time.Second
	}
	sleep := c.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	var last error
	for attempt := 0; ; attempt++ {
		wait := min(minB<<attempt, maxB)
		wait = wait/2 + time.Duration(rand.Int64N(int64(wait/2)+1))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return &Error{Message: "ogiltig Kolada-adress " + u, Err: err}
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "Tertial (https://github.com/tertial/tertial)")
		c.Requests++
		resp, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return &Error{Message: "hämtningen från Kolada avbröts", Err: ctx.Err()}
			}
			last = offlineError(u, err)
		} else {
			body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
			resp.Body.Close()
			switch {
			case resp.StatusCode == http.StatusOK && rerr == nil:
				if err := json.Unmarshal(body, dest); err != nil {
					return unreadable(u, err)
				}
				return nil
			case resp.StatusCode == http.StatusOK:
				last = &Error{Message: "svaret från Kolada bröts: " + rerr.Error(), Err: rerr}
			case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
				last = &Error{Status: resp.StatusCode, Message: fmt.Sprintf("Kolada svarar %d %s på %s", resp.StatusCode, http.StatusText(resp.StatusCode), u)}
				if ra := retryAfter(resp.Header.Get("Retry-After")); ra > 0 {
					wait = min(ra, 2*maxB)
				}
			default:
				return &Error{Status: resp.StatusCode, Message: fmt.Sprintf("Kolada svarar %d %s på %s", resp.StatusCode, http.StatusText(resp.StatusCode), u)}
			}
		}
		if attempt >= retries || (Offline(last) && attempt >= 1) {
			if ke, ok := last.(*Error); ok && attempt > 0 {
				ke.Message += fmt.Sprintf(" (efter %d försök)", attempt+1)
			}
			return last
		}
		if err := sleep(ctx, wait); err != nil {
			return &Error{Message: "hämtningen från Kolada avbröts", Err: err}
		}
	}
}

func offlineError(u string, err error) *Error {
	host := u
	if pu, perr := url.Parse(u); perr == nil {
		host = pu.Host
	}
	why := "nätverket svarar inte"
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		why = "namnet kan inte slås upp; är datorn ansluten till internet?"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		why = "ingen svarade i tid"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		why = "anslutningen nekades eller nätet saknas"
	}
	return &Error{Message: fmt.Sprintf("Kolada (%s) kan inte nås: %s", host, why), Err: err}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
