// Package koladatest is a fake Kolada API v3 for tests: it answers the requests the kolada
// package makes in the shapes Kolada v3 answers with (see kolada/wire.go for where they come
// from): groups whose members are {"member_id", "member_title"}, KPIs with "auspice", data
// values with "isdeleted", and pages linked by an absolute "next_url". It serves the county
// group of Stockholms län and figures made up deterministically from the KPI, municipality
// and year. It never touches the network.
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

// DeletedMunicipality and DeletedYear are those of the figures the default Server flags as
// deleted.
const (
	DeletedMunicipality = "0128"
	DeletedYear         = 2019
)

// Server is a fake Kolada.
type Server struct {
	*httptest.Server
	PerPage int // values per page; 10 by default, so that pages are followed
	// Value returns the figure of kpi for municipality and year, or nil for a null value.
	// By default: a number from 50 to 99,9 made from the three, and null for Vaxholm.
	Value func(kpi, municipality string, year int) *float64
	// Deleted reports whether Kolada has withdrawn the figure: it is still served, with a
	// figure, but flagged "isdeleted": true. By default: Salem's (0128) figures for 2019.
	Deleted func(kpi, municipality string, year int) bool

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
	s.Deleted = func(kpi, m string, y int) bool { return m == DeletedMunicipality && y == DeletedYear }
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
	case len(parts) == 2 && parts[0] == "kpi":
		var vs []any
		for _, id := range strings.Split(parts[1], ",") {
			vs = append(vs, map[string]any{"id": id, "title": "Nyckeltal " + id, "description": "", "operating_area": "",
				"municipality_type": "K", "is_divided_by_gender": 1, "has_ou_data": false, "publication_date": "2021-05-01", "auspice": "X"})
		}
		s.page(w, r, vs)
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
						"values": []any{map[string]any{"gender": "T", "count": 1, "status": "", "value": val, "isdeleted": s.Deleted(kpi, m, y)}}})
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
		out = append(out, map[string]any{"member_id": m[0], "member_title": m[1]})
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
		// Kolada's next_url is absolute: scheme, host, path and query.
		body["next_url"] = s.Server.URL + r.URL.Path + "?" + q.Encode()
	}
	if n > 1 {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n-1))
		q.Set("per_page", strconv.Itoa(per))
		body["previous_url"] = s.Server.URL + r.URL.Path + "?" + q.Encode()
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body)
}
