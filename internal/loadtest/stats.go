package loadtest

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The kinds of request a client makes, timed separately.
const (
	KindLogin  = "login"  // POST /logga-in (argon2id; before the measured phase)
	KindPeriod = "period" // GET the period page
	KindReport = "report" // GET the period's report
	KindForm   = "form"   // GET an indicator value's edit form
	KindSave   = "save"   // POST the edit form (303, or 409 on a stale version)
	KindSaved  = "saved"  // GET the form again after the 303 (?sparat=1), as a browser does

	// The optional kinds, left out when the site answers 404 (extra.go).
	KindOverview     = "overview"      // GET the unit's period overview
	KindMuniOverview = "overview-muni" // GET the municipality's overview of the period
	KindGrid         = "grid"          // GET a money table's grid (and again after its save)
	KindGridSave     = "grid-save"     // POST the grid with one field changed (303, or a row conflict)
)

// PageKinds are the kinds of the measured phase, in the order the report lists them; the
// p99 limit applies to each.
var PageKinds = []string{KindPeriod, KindReport, KindForm, KindSave, KindSaved, KindOverview, KindMuniOverview, KindGrid, KindGridSave}

func optionalKind(k string) bool {
	return k == KindOverview || k == KindMuniOverview || k == KindGrid || k == KindGridSave
}

// Recorder collects the latency of every request of one kind or more. It is not safe for
// concurrent use: each client has its own and they are merged at the end.
type Recorder struct {
	lat  map[string][]time.Duration
	errs map[string]int

	// With a window set, latencies are also kept per window of time since start, to
	// show how the run went (a slow start, a stall).
	start  time.Time
	window time.Duration
	win    map[int][]time.Duration
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	return &Recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, win: map[int][]time.Duration{}}
}

// Windowed makes the recorder also keep latencies per window of time from start.
func (r *Recorder) Windowed(start time.Time, window time.Duration) *Recorder {
	r.start, r.window = start, window
	return r
}

// Add records one request of a kind that took d and has just ended; ok is false for a
// failed request (a transport error or an unexpected status).
func (r *Recorder) Add(kind string, d time.Duration, ok bool) {
	r.lat[kind] = append(r.lat[kind], d)
	if !ok {
		r.errs[kind]++
	}
	if r.window > 0 {
		i := int(time.Since(r.start) / r.window)
		r.win[i] = append(r.win[i], d)
	}
}

// Merge adds everything o recorded.
func (r *Recorder) Merge(o *Recorder) {
	for k, v := range o.lat {
		r.lat[k] = append(r.lat[k], v...)
	}
	for k, v := range o.errs {
		r.errs[k] += v
	}
	for k, v := range o.win {
		r.win[k] = append(r.win[k], v...)
	}
}

// WindowP99 returns the p99 of every request in each window, in order; a window without
// requests has 0.
func (r *Recorder) WindowP99() []time.Duration {
	n := 0
	for i := range r.win {
		n = max(n, i+1)
	}
	out := make([]time.Duration, n)
	for i, lat := range r.win {
		out[i] = Summarize("", lat, 0).P99
	}
	return out
}

// Summary returns the counts and percentiles of one kind.
func (r *Recorder) Summary(kind string) Summary {
	return Summarize(kind, r.lat[kind], r.errs[kind])
}

// SummaryOf returns the summary of several kinds taken together, named name.
func (r *Recorder) SummaryOf(name string, kinds ...string) Summary {
	var all []time.Duration
	errs := 0
	for _, k := range kinds {
		all = append(all, r.lat[k]...)
		errs += r.errs[k]
	}
	return Summarize(name, all, errs)
}

// Summary is what the report prints for one kind of request.
type Summary struct {
	Kind     string
	Requests int
	Errors   int
	Mean     time.Duration
	P50      time.Duration
	P90      time.Duration
	P99      time.Duration
	Max      time.Duration
}

// Summarize computes a summary from latencies in any order; lat is not changed.
func Summarize(kind string, lat []time.Duration, errors int) Summary {
	s := Summary{Kind: kind, Requests: len(lat), Errors: errors}
	if len(lat) == 0 {
		return s
	}
	sorted := slices.Clone(lat)
	slices.Sort(sorted)
	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	s.Mean = sum / time.Duration(len(sorted))
	s.P50 = Percentile(sorted, 50)
	s.P90 = Percentile(sorted, 90)
	s.P99 = Percentile(sorted, 99)
	s.Max = sorted[len(sorted)-1]
	return s
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted latencies by the
// nearest-rank method: the smallest value that at least p % of the values are less than
// or equal to. It returns 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(sorted)) / 100))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// Result is the outcome of a run.
type Result struct {
	Target    string        // what was measured, e.g. "http://127.0.0.1:40123 (sqlite)"
	Clients   int           // concurrent signed-in clients
	Think     time.Duration // mean pause between a client's requests
	Elapsed   time.Duration // wall time of the measured phase
	Login     Summary       // the sign-ins before the measured phase
	Kinds     []Summary     // PageKinds, in order
	All       Summary       // every request of the measured phase
	Items     int           // indicator values written to
	Saves     int           // saves the server accepted (303)
	Conflict  int           // 409 answers (stale version), each re-read and retried
	Failed    int           // saves that failed: transport error, unexpected status, or too many conflicts
	Lost      int           // accepted saves missing from the data (see verify)
	Invisible int           // accepted saves whose value could not be read back
	Verified  int           // items read back after the run
	// Grid saves: accepted (303), conflicts (a row saved by someone else since), failed;
	// fields read back and lost (not showing the last accepted save).
	GridSaves, GridConflicts, GridFailed, GridVerified, GridLost int
	Skipped                                                      []string        // optional kinds left out, and why
	CPU                                                          *CPU            // processor use during the measured phase, where /proc tells
	Window                                                       time.Duration   // the length of the windows of WindowP99
	WindowP99                                                    []time.Duration // p99 of all requests per window of the measured phase
	Samples                                                      []string        // the first few errors, for the operator
	Notes                                                        []string        // observations that are not failures
}

// Problems lists why the run does not meet its goals: any failed request, failed, lost or
// invisible save, or a kind of page whose p99 is above limit (0: no limit).
func (r *Result) Problems(limit time.Duration) []string {
	var out []string
	if r.All.Errors > 0 {
		out = append(out, fmt.Sprintf("%d requests failed", r.All.Errors))
	}
	if r.Failed > 0 {
		out = append(out, fmt.Sprintf("%d saves failed", r.Failed))
	}
	if r.GridFailed > 0 {
		out = append(out, fmt.Sprintf("%d grid saves failed", r.GridFailed))
	}
	if r.GridLost > 0 {
		out = append(out, fmt.Sprintf("%d grid fields lost their last save", r.GridLost))
	}
	if r.Lost > 0 {
		out = append(out, fmt.Sprintf("%d saves were lost", r.Lost))
	}
	if r.Invisible > 0 {
		out = append(out, fmt.Sprintf("%d saves are not visible afterwards", r.Invisible))
	}
	if r.Saves == 0 {
		out = append(out, "no save was accepted")
	}
	if limit > 0 {
		for _, s := range r.Kinds {
			if s.P99 > limit {
				out = append(out, fmt.Sprintf("p99 of %s is %s, over the limit of %s", s.Kind, ms(s.P99), ms(limit)))
			}
		}
	}
	return out
}

// ServerCPUPerRequest is the server's processor time divided by the requests of the
// measured phase; false when the server's process was not known (it served from this
// process, or its process is unknown).
func (r *Result) ServerCPUPerRequest() (time.Duration, bool) {
	if r.CPU == nil || !r.CPU.ServerKnown || r.All.Requests == 0 {
		return 0, false
	}
	return time.Duration(r.CPU.Server * float64(r.Elapsed) / float64(r.All.Requests)), true
}

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

// Write prints the report: a table of latencies per kind of request, then throughput and
// what happened to the saves.
func (r *Result) Write(w io.Writer) {
	fmt.Fprintf(w, "target:     %s\n", r.Target)
	think := "none (closed loop)"
	if r.Think > 0 {
		think = fmt.Sprintf("%s mean (uniform %s–%s) between requests", r.Think, r.Think/2, r.Think*3/2)
	}
	fmt.Fprintf(w, "clients:    %d signed in, each its own session; think time %s\n", r.Clients, think)
	fmt.Fprintf(w, "duration:   %s\n\n", r.Elapsed.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "request\trequests\terrors\tmean\tp50\tp90\tp99\tmax\t")
	row := func(s Summary) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t\n", s.Kind, s.Requests, s.Errors, ms(s.Mean), ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	}
	row(r.Login)
	for _, s := range r.Kinds {
		row(s)
	}
	row(r.All)
	tw.Flush()
	if len(r.WindowP99) > 0 {
		var parts []string
		for _, d := range r.WindowP99 {
			parts = append(parts, fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond)))
		}
		fmt.Fprintf(w, "\np99 per %s (ms): %s\n", r.Window, strings.Join(parts, " "))
	}
	secs := r.Elapsed.Seconds()
	if secs > 0 {
		fmt.Fprintf(w, "\nthroughput: %.1f requests/s, %.1f saves/s\n", float64(r.All.Requests)/secs, float64(r.Saves)/secs)
	}
	fmt.Fprintf(w, "saves:      %d accepted on %d indicator values, %d conflicts (409, re-read and retried), %d failed\n", r.Saves, r.Items, r.Conflict, r.Failed)
	fmt.Fprintf(w, "verified:   %d values read back: %d lost saves, %d saves not visible\n", r.Verified, r.Lost, r.Invisible)
	if r.GridSaves+r.GridConflicts+r.GridFailed > 0 {
		fmt.Fprintf(w, "grid:       %d saves accepted, %d row conflicts, %d failed; %d fields read back: %d lost saves\n",
			r.GridSaves, r.GridConflicts, r.GridFailed, r.GridVerified, r.GridLost)
	}
	if r.CPU != nil {
		fmt.Fprintf(w, "cpu:        %s\n", r.CPU)
		if per, ok := r.ServerCPUPerRequest(); ok {
			db := ""
			if r.CPU.DBOwnSet && r.All.Requests > 0 {
				db = fmt.Sprintf(", and %s of its PostgreSQL connections'", ms(time.Duration(r.CPU.DBOwn*float64(r.Elapsed)/float64(r.All.Requests))))
			}
			fmt.Fprintf(w, "cpu/req:    %s of server processor time per request%s (the steadier measure on a shared machine)\n", ms(per), db)
		}
	}
	for _, n := range r.Skipped {
		fmt.Fprintf(w, "skipped:    %s\n", n)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note:       %s\n", n)
	}
	if len(r.Samples) > 0 {
		fmt.Fprintln(w, "\nfirst errors:")
		for _, s := range r.Samples {
			fmt.Fprintln(w, "  "+strings.ReplaceAll(s, "\n", " "))
		}
	}
}
