package loadtest

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func msList(ns ...int) []time.Duration {
	var out []time.Duration
	for _, n := range ns {
		out = append(out, time.Duration(n)*time.Millisecond)
	}
	return out
}

func TestPercentileNearestRank(t *testing.T) {
	// 1…100 ms: the p-th percentile of 100 values is the p-th value.
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{nil, 99, 0},
		{msList(7), 50, 7 * time.Millisecond},
		{msList(7), 99, 7 * time.Millisecond},
		{hundred, 50, 50 * time.Millisecond},
		{hundred, 90, 90 * time.Millisecond},
		{hundred, 99, 99 * time.Millisecond},
		{hundred, 100, 100 * time.Millisecond},
		{hundred, 0.1, 1 * time.Millisecond},
		// Nearest rank rounds up: of four values the median is the second, p99 the fourth.
		{msList(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{msList(1, 2, 3, 4), 51, 3 * time.Millisecond},
		{msList(1, 2, 3, 4), 99, 4 * time.Millisecond},
		// With 150 values p99 is the 149th: one slow request in 150 does not count, two do.
		{append(msList(make([]int, 149)...), time.Second), 99, 0},
	} {
		if got := Percentile(c.sorted, c.p); got != c.want {
			t.Errorf("Percentile(%d values, %v) = %v, want %v", len(c.sorted), c.p, got, c.want)
		}
	}
}

func TestSummarizeAndMerge(t *testing.T) {
	a, b := NewRecorder(), NewRecorder()
	for _, d := range msList(30, 10, 20) {
		a.Add(KindPeriod, d, true)
	}
	a.Add(KindSave, 5*time.Millisecond, false)
	b.Add(KindPeriod, 40*time.Millisecond, true)
	b.Add(KindSave, 15*time.Millisecond, true)
	a.Merge(b)

	s := a.Summary(KindPeriod)
	want := Summary{Kind: KindPeriod, Requests: 4, Errors: 0, Mean: 25 * time.Millisecond,
		P50: 20 * time.Millisecond, P90: 40 * time.Millisecond, P99: 40 * time.Millisecond, Max: 40 * time.Millisecond}
	if s != want {
		t.Errorf("period summary\n got %+v\nwant %+v", s, want)
	}
	all := a.SummaryOf("all", KindPeriod, KindSave)
	if all.Requests != 6 || all.Errors != 1 || all.Max != 40*time.Millisecond || all.P50 != 15*time.Millisecond {
		t.Errorf("all = %+v", all)
	}
	if s := a.Summary(KindReport); s.Requests != 0 || s.P99 != 0 {
		t.Errorf("no reports: %+v", s)
	}
	// Summarize leaves its input unsorted.
	lat := msList(3, 1, 2)
	Summarize("x", lat, 0)
	if lat[0] != 3*time.Millisecond {
		t.Error("Summarize sorted its input")
	}
}

func TestProblemsAndReport(t *testing.T) {
	r := &Result{Target: "http://127.0.0.1:1 (sqlite)", Clients: 200, Think: time.Second, Elapsed: 10 * time.Second,
		Login: Summary{Kind: KindLogin, Requests: 200},
		Kinds: []Summary{
			{Kind: KindPeriod, Requests: 1000, P99: 80 * time.Millisecond},
			{Kind: KindReport, Requests: 1000, P99: 120 * time.Millisecond},
		},
		All:   Summary{Kind: "all", Requests: 2000},
		Items: 78, Saves: 50, Conflict: 3, Verified: 78,
		CPU: &CPU{Cores: 2, Server: 1, ServerKnown: true, Self: 0.1, Other: 0.2, Idle: 0.7},
	}
	got := r.Problems(100 * time.Millisecond)
	if len(got) != 1 || !strings.Contains(got[0], "p99 of report is 120.0 ms") {
		t.Errorf("problems = %q", got)
	}
	if got := r.Problems(0); len(got) != 0 {
		t.Errorf("without a limit: %q", got)
	}
	r.Lost, r.Failed, r.Invisible, r.All.Errors = 1, 2, 3, 4
	if got := r.Problems(time.Second); len(got) != 4 {
		t.Errorf("problems = %q", got)
	}

	var buf bytes.Buffer
	r.Write(&buf)
	out := buf.String()
	for _, want := range []string{
		"200 signed in", "1s mean (uniform 500ms–1.5s)",
		"request  requests  errors", "period      1000", "120.0 ms",
		"throughput: 200.0 requests/s, 5.0 saves/s",
		"50 accepted on 78 indicator values, 3 conflicts",
		"1 lost saves, 3 saves not visible",
		"1.00 server, 0.10 load generator, 0.20 other processes, 0.70 idle (cores, of 2)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestCPUBetween(t *testing.T) {
	a := cpuSample{total: 1000, idle: 600, self: 10, server: 100, db: 50, serverKnown: true, ok: true}
	b := cpuSample{total: 1400, idle: 700, self: 30, server: 300, db: 50, ok: true}
	c, ok := cpuBetween(a, b)
	if !ok {
		t.Fatal("not ok")
	}
	// 400 ticks over all processors: the shares times the number of processors.
	n := float64(c.Cores)
	near := func(got, want float64) bool { return got > want-1e-9 && got < want+1e-9 }
	if !near(c.Server, 0.5*n) || !near(c.Self, 0.05*n) || !near(c.Idle, 0.25*n) || !near(c.Other, 0.2*n) || c.DB != 0 {
		t.Errorf("cpu = %+v", c)
	}
	if !c.ServerKnown || !strings.HasPrefix(c.String(), "1.00 server, ") && c.Cores == 2 {
		t.Errorf("cpu = %s", c)
	}
	c.ServerKnown = false
	if s := c.String(); !strings.Contains(s, "this process") || strings.Contains(s, "server,") {
		t.Errorf("without the server's process: %s", s)
	}
	if _, ok := cpuBetween(a, cpuSample{}); ok {
		t.Error("a failed sample gave a result")
	}
}

func TestParseForm(t *testing.T) {
	page := `<form method="post" action="/x" class="form" novalidate>
  <input type="hidden" name="version" value="12">
  <div class="field">
    <label for="varde">Värde 2021</label>
    <input id="varde" name="varde" type="text" inputmode="decimal" class="narrow" value="1` + "\u00a0" + `234,5" aria-describedby="varde-hint">`
	st, err := parseForm(page)
	if err != nil {
		t.Fatal(err)
	}
	if st.version != 12 || !sameNumber(st.value, "1234.50") {
		t.Errorf("form = %+v", st)
	}
	if _, err := parseForm(`<p>Logga in</p>`); err == nil {
		t.Error("a page without a form parsed")
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"12,30", "12.3", true}, {"−1 234,5", "-1234.5", true}, {"0,01", "0.01", true},
		{"1,07", "1,49", false}, {"", "", true}, {"", "0", false},
	} {
		if got := sameNumber(c.a, c.b); got != c.same {
			t.Errorf("sameNumber(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestParseHistory(t *testing.T) {
	page := `<tbody><tr data-actor="last001" data-field="value" data-old="2.7" data-new="0.01"><th scope="row">2026-01-01 10:00</th><td>last001</td><td>Värde ändrat från 2,7 till 0,01</td></tr>` +
		`<tr data-actor="last002" data-field="note" data-old="" data-new="a &lt;b&gt;"><th scope="row">2026-01-01 10:00</th><td>last002</td><td>Anteckning skriven:</td></tr></tbody>`
	got := parseHistory(page)
	want := []historyChange{{"last001", "value", "2.7", "0.01"}, {"last002", "note", "", "a <b>"}}
	if len(got) != len(want) {
		t.Fatalf("history = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestWindowP99(t *testing.T) {
	// Started 2.5 s ago with 1 s windows: what is added now falls in the third window.
	r := NewRecorder().Windowed(time.Now().Add(-2500*time.Millisecond), time.Second)
	r.Add(KindPeriod, 7*time.Millisecond, true)
	r.Add(KindSave, 9*time.Millisecond, true)
	all := NewRecorder()
	all.Merge(r)
	got := all.WindowP99()
	if len(got) != 3 || got[0] != 0 || got[1] != 0 || got[2] != 9*time.Millisecond {
		t.Errorf("WindowP99 = %v", got)
	}
	res := &Result{Window: time.Second, WindowP99: got, Kinds: []Summary{}}
	var buf bytes.Buffer
	res.Write(&buf)
	if !strings.Contains(buf.String(), "p99 per 1s (ms): 0 0 9") {
		t.Errorf("report:\n%s", buf.String())
	}
}
