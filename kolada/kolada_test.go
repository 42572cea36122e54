package kolada

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorded serves the files of testdata by request path and query.
func recorded(t *testing.T, routes map[string]string) (*httptest.Server, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.RequestURI())
		mu.Unlock()
		file, ok := routes[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(strings.ReplaceAll(string(b), "{{BASE}}", srv.URL)))
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func testClient(url string) (*Client, *[]time.Duration) {
	var waits []time.Duration
	c := New(url + "/v3")
	c.Sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	return c, &waits
}

func TestDataPagination(t *testing.T) {
	srv, seen := recorded(t, map[string]string{
		"/v3/data/kpi/N00090/municipality/0126,0136,0180/year/2019,2020":                   "data_N00090_page1.json",
		"/v3/data/kpi/N00090/municipality/0126,0136,0180/year/2019,2020?page=2&per_page=4": "data_N00090_page2.json",
	})
	c, _ := testClient(srv.URL)
	dps, err := c.Data(context.Background(), []string{"N00090"}, []string{"0126", "0136", "0180"}, []int{2019, 2020})
	if err != nil {
		t.Fatal(err)
	}
	if len(dps) != 6 || len(*seen) != 2 {
		t.Fatalf("got %d data points in %d requests (%v), want 6 in 2", len(dps), len(*seen), *seen)
	}
	for _, dp := range dps {
		v := dp.Gender("T")
		switch {
		case dp.Municipality == "0126" && dp.Period == 2020:
			if v == nil || v.Value == nil || *v.Value != 9.9 || v.Text != "9.9" {
				t.Errorf("Huddinge 2020 = %+v, want 9.9", v)
			}
			if k := dp.Gender("K"); k == nil || k.Text != "11.0" {
				t.Errorf("Huddinge 2020 women = %+v, want 11.0", k)
			}
		case dp.Municipality == "0136" && dp.Period == 2020:
			// The men's figure is flagged isdeleted in the recording; the others are not.
			if m := dp.Gender("M"); m != nil {
				t.Errorf("Haninge 2020 men = %+v, want it dropped (isdeleted)", m)
			}
			if k := dp.Gender("K"); k == nil || k.Value == nil {
				t.Errorf("Haninge 2020 women = %+v, want a figure", k)
			}
		case dp.Municipality == "0180" && dp.Period == 2020:
			if v == nil || v.Value != nil || v.Text != "" {
				t.Errorf("Stockholm 2020 = %+v, want a null value", v)
			}
		}
	}
}

func TestMetadata(t *testing.T) {
	srv, _ := recorded(t, map[string]string{
		"/v3/kpi/N00090":                                    "kpi_N00090.json",
		"/v3/municipality_groups/G33612":                    "municipality_groups_G33612.json",
		"/v3/municipality_groups?title=Stockholms+l%C3%A4n": "municipality_groups_title.json",
	})
	c, _ := testClient(srv.URL)
	ctx := context.Background()
	kpis, err := c.KPIs(ctx, "N00090")
	if err != nil || len(kpis) != 1 || !bool(kpis[0].IsDividedByGender) || kpis[0].Title == "" || kpis[0].Auspice != "X" {
		t.Fatalf("KPIs = %+v, %v", kpis, err)
	}
	g, err := c.Group(ctx, "G33612")
	if err != nil || len(g.Members) != 26 || g.Members[6] != (Member{ID: "0126", Title: "Huddinge"}) {
		t.Fatalf("Group = %+v, %v", g, err)
	}
	gs, err := c.Groups(ctx, "Stockholms län")
	if err != nil || len(gs) != 1 || gs[0].ID != "G33612" {
		t.Fatalf("Groups = %+v, %v", gs, err)
	}
}

func TestBatches(t *testing.T) {
	var ids []string
	for i := range 60 {
		ids = append(ids, string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		w.Write([]byte(`{"count":0,"values":[]}`))
	}))
	defer srv.Close()
	c, _ := testClient(srv.URL)
	if _, err := c.Data(context.Background(), []string{"N00090"}, ids, []int{2020}); err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("%d requests, want 3 (25 + 25 + 10 municipalities)", len(paths))
	}
	for _, p := range paths {
		seg := strings.Split(p, "/")[6]
		if n := len(strings.Split(seg, ",")); n > MaxIDs {
			t.Errorf("%d ids in one segment: %s", n, p)
		}
	}
}

func TestRetry429ThenSuccess(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{"count":1,"values":[{"id":"0126","title":"Huddinge","type":"K"}]}`))
	}))
	defer srv.Close()
	c, waits := testClient(srv.URL)
	ms, err := c.Municipalities(context.Background(), "0126")
	if err != nil || len(ms) != 1 || ms[0].Title != "Huddinge" {
		t.Fatalf("Municipalities = %+v, %v", ms, err)
	}
	if n != 2 || len(*waits) != 1 || (*waits)[0] != 3*time.Second {
		t.Errorf("%d requests, waits %v; want 2 and one wait of 3s (Retry-After)", n, *waits)
	}
}

func TestServerError(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		http.Error(w, "internal", http.StatusInternalServerError)
	}))
	defer srv.Close()
	c, waits := testClient(srv.URL)
	c.Retries = 2
	_, err := c.Municipalities(context.Background())
	if err == nil || !strings.Contains(err.Error(), "500") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line naming 500", err)
	}
	if n != 3 || len(*waits) != 2 || (*waits)[1] < (*waits)[0]/2 {
		t.Errorf("%d requests with waits %v, want 3 with back-off", n, *waits)
	}
	if Offline(err) {
		t.Error("a 500 is not offline")
	}
}

func TestNotFoundIsNotRetried(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n++; http.NotFound(w, r) }))
	defer srv.Close()
	c, _ := testClient(srv.URL)
	if _, err := c.KPIs(context.Background(), "X"); err == nil || n != 1 {
		t.Fatalf("err %v after %d requests, want an error after 1", err, n)
	}
}

func TestOffline(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c, _ := testClient("http://" + addr)
	c.Retries = 1
	_, err = c.Municipalities(context.Background())
	if err == nil || !Offline(err) {
		t.Fatalf("err = %v, want offline", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "Kolada") || !strings.Contains(msg, "kan inte nås") || strings.Contains(msg, "\n") {
		t.Errorf("message %q, want one Swedish line saying Kolada cannot be reached", msg)
	}
}
