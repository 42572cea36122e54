// Package koladatest is a fake Kolada API v3 for tests: it answers the requests the kolada
// package makes, in the shapes of kolada/testdata, with the county group of Stockholms län
// and figures made up deterministically from the KPI, municipality and year. It never
// touches the network.
package koladatest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// Stockholm is G33612's members.
var Stockholm = [][2]string{{"0114", "Upplands Väsby"}, {"0115", "Vallentuna"}, {"0117", "Österåker"}, {"0120", "Värmdö"},
	{"0123", "Järfälla"}, {"0125", "Ekerö"}, {"0126", "Huddinge"}, {"0127", "Botkyrka"}, {"0128", "Salem"}, {"0136", "Haninge"},
	{"0138", "Tyresö"}, {"0139", "Upplands-Bro"}, {"0140", "Nykvarn"}, {"0160", "Täby"}, {"0162", "Danderyd"}, {"0163", "Sollentuna"},
	{"0180", "Stockholm"}, {"0181", "Södertälje"}, {"0182", "Nacka"}, {"0183", "Sundbyberg"}, {"0184", "Solna"}, {"0186", "Lidingö"},
	{"0187", "Vaxholm"}, {"0188", "Norrtälje"}, {"0191", "Sigtuna"}, {"0192", "Nynäshamn"}}

// Server is a fake Kolada.
type Server struct {
	*httptest.Server
	PerPage int // values per page; 10 by default, so that pages are followed
	// Value returns the figure of kpi for municipality and year, or nil for a null value.
	// By default: a number from 50 to 99,9 made from the three, and null for Vaxholm.
	Value func(kpi, municipality string, year int) *float64

	mu       sync.Mutex
	Requests []string
}

// URL returns the API's base URL ("…/v3").
func (s *Server) URL() string { return s.Server.URL + "/v3" }

// New starts a fake Kolada; it is closed when the test ends.
func New(t interface{ Cleanup(func()) }) *Server {
	s := &Server{PerPage: 10}
	s.Value = func(kpi, m string, y int) *float64 {
		if m == "0187" {
			return nil
		}
		h := fnv.New32a()
		fmt.Fprintf(h, "%s/%s/%d", kpi, m, y)
		v := 50 + float64(h.Sum32()%500)/10
		return &v
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.Requests = append(s.Requests, r.URL.RequestURI())
	s.mu.Unlock()
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/v3"), "/"), "/")
	group := map[string]any{"id": "G33612", "title": "Stockholms läns kommuner (ovägt medel)", "members": members()}
	switch {
	case len(parts) == 1 && parts[0] == "municipality_groups":
		var vs []any
		if t := strings.ToLower(r.URL.Query().Get("title")); strings.Contains("stockholms läns kommuner (ovägt medel)", t) {
			vs = append(vs, group)
		}
		s.page(w, r, vs)
	case len(parts) == 2 && parts[0] == "municipality_groups" && parts[1] == "G33612":
		s.page(w, r, []any{group})
	case len(parts) >= 4 && parts[0] == "data" && parts[1] == "kpi" && parts[3] == "municipality":
		var years []int
		if len(parts) == 7 && parts[5] == "year" {
			for _, y := range strings.Split(parts[6], ",") {
				n, _ := strconv.Atoi(y)
				years = append(years, n)
			}
		}
		var vs []any
		for _, kpi := range strings.Split(parts[2], ",") {
			for _, m := range strings.Split(parts[4], ",") {
				if len(strings.Split(parts[4], ",")) > 25 {
					http.Error(w, "too many ids", http.StatusBadRequest)
					return
				}
				for _, y := range years {
					v := s.Value(kpi, m, y)
					var val any
					if v != nil {
						val = json.Number(strconv.FormatFloat(*v, 'f', 1, 64))
					}
					vs = append(vs, map[string]any{"kpi": kpi, "municipality": m, "period": y,
						"values": []any{map[string]any{"gender": "T", "count": 1, "status": "", "value": val}}})
				}
			}
		}
		s.page(w, r, vs)
	default:
		http.NotFound(w, r)
	}
}

func members() []any {
	var out []any
	for _, m := range Stockholm {
		out = append(out, map[string]any{"id": m[0], "title": m[1]})
	}
	return out
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, vs []any) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(n, 1)
	per := s.PerPage
	from, to := min((n-1)*per, len(vs)), min(n*per, len(vs))
	body := map[string]any{"count": to - from, "values": append([]any{}, vs[from:to]...)}
	if to < len(vs) {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n+1))
		q.Set("per_page", strconv.Itoa(per))
		body["next_page"] = s.Server.URL + r.URL.Path + "?" + q.Encode()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body)
}
