package kolada

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// Progress is told how far a sync has come: done of total steps, and what it does now.
type Progress func(done, total int, what string)

// SyncResult tells what a sync fetched.
type SyncResult struct {
	Indicators     int // mapped indicators in the period's report
	KPIs           int
	Years          []int
	CountyGroup    string
	CountyTitle    string
	Municipalities int // municipalities whose values were fetched
	Values         int // values stored (all genders)
	WithFigure     int // of them with a figure
}

// Sync fetches from Kolada, for every indicator in the period's report that names a
// Kolada KPI and every year the report shows, the municipality's values, the values of
// every municipality in the county's Kolada group (for the county average and rank) and
// the comparison municipalities' values, and stores them with the fetch time. Values
// people entered are not changed.
func Sync(ctx context.Context, c *Client, db *store.DB, actor, muni, unitID, periodID string, progress Progress) (*SyncResult, error) {
	if progress == nil {
		progress = func(int, int, string) {}
	}
	ds, err := db.Dataset(ctx, muni)
	if err != nil {
		return nil, err
	}
	unit := ds.Unit(unitID)
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", unitID)
	}
	per := ds.Period(unitID, periodID)
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "enheten %s har ingen period %q", unitID, periodID)
	}
	res := &SyncResult{}
	year := per.Year()
	res.Years = []int{year - 2, year - 1, year}
	kpis := MappedKPIs(ds, unit)
	for _, k := range kpis {
		res.Indicators += len(k.Indicators)
	}
	res.KPIs = len(kpis)
	if len(kpis) == 0 {
		return res, nil
	}
	total := len(kpis) + 1
	progress(0, total, "söker länets kommungrupp i Kolada")
	group, err := CountyGroup(ctx, c, ds.Municipality)
	if err != nil {
		return nil, err
	}
	res.CountyGroup, res.CountyTitle = group.ID, group.Title
	fetch := store.KoladaFetch{Source: c.base(), CountyGroup: group.ID, CountyTitle: group.Title}
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	add(ds.Municipality.Code)
	for _, m := range group.Members {
		fetch.CountyMembers = append(fetch.CountyMembers, tertial.KoladaMember{ID: m.ID, Title: m.Title})
		add(m.ID)
	}
	for _, m := range ds.Municipality.Comparison {
		add(m.Code)
	}
	res.Municipalities = len(ids)
	add(tertial.KoladaNational) // the country (Riket), for Rikssnitt targets
	for i, k := range kpis {
		progress(i+1, total, fmt.Sprintf("hämtar %s (%s) för %d kommuner", k.KPI, k.Indicators[0].Name, len(ids)))
		dps, err := c.Data(ctx, []string{k.KPI}, ids, res.Years)
		if err != nil {
			return nil, err
		}
		now := time.Now().UTC()
		for _, dp := range dps {
			for _, v := range dp.Values {
				kv := tertial.KoladaValue{KPI: dp.KPI, Municipality: dp.Municipality, Year: dp.Period, Gender: v.Gender, FetchedAt: now}
				if v.Value != nil {
					d, err := tertial.ParseDecimal(v.Text)
					if err != nil {
						d, err = tertial.ParseDecimal(strconv.FormatFloat(*v.Value, 'f', -1, 64))
					}
					if err == nil {
						kv.Value = &d
						res.WithFigure++
					}
				}
				fetch.Values = append(fetch.Values, kv)
			}
		}
	}
	res.Values = len(fetch.Values)
	if err := db.SaveKolada(ctx, actor, muni, fetch); err != nil {
		return nil, err
	}
	progress(total, total, "klart")
	return res, nil
}

// MappedKPI is a Kolada KPI and the indicators of a report that name it.
type MappedKPI struct {
	KPI        string
	Indicators []*tertial.Indicator
}

// MappedKPIs returns the Kolada KPIs of the indicators that the unit's report shows, in
// report order.
func MappedKPIs(ds *tertial.Dataset, unit *tertial.Unit) []MappedKPI {
	scope := tertial.NewScope(ds, unit)
	var out []MappedKPI
	for i := range ds.Goals {
		g := &ds.Goals[i]
		if !scope.ShowsGoal(g.ID) {
			continue
		}
		for _, ind := range scope.Indicators(g.ID) {
			if ind.KoladaKPI == "" {
				continue
			}
			j := slices.IndexFunc(out, func(m MappedKPI) bool { return m.KPI == ind.KoladaKPI })
			if j < 0 {
				out = append(out, MappedKPI{KPI: ind.KoladaKPI})
				j = len(out) - 1
			}
			if !slices.Contains(out[j].Indicators, ind) {
				out[j].Indicators = append(out[j].Indicators, ind)
			}
		}
	}
	return out
}

// CountyGroup finds the Kolada municipality group of the municipality's county: among the
// groups whose title names the county, the one of municipalities ("kommuner") whose members
// all lie in the county (their codes start with the county code) and include the
// municipality, preferring the unweighted mean ("ovägt medel") and then the most members.
// For Stockholms län that is G33612 "Stockholms läns kommuner (ovägt medel)".
func CountyGroup(ctx context.Context, c *Client, m tertial.Municipality) (*Group, error) {
	if m.County == "" || m.CountyCode == "" {
		return nil, tertial.Errorf(tertial.EINVALID, "kommunen %s saknar län eller länskod; de behövs för att hitta länets kommungrupp i Kolada", m.Name)
	}
	name := strings.TrimSuffix(m.County, " län")
	groups, err := c.Groups(ctx, name)
	if err != nil {
		return nil, err
	}
	var best *Group
	score := func(g *Group) int {
		s := len(g.Members)
		if strings.Contains(strings.ToLower(g.Title), "ovägt") {
			s += 1000
		}
		return s
	}
	for i := range groups {
		g := &groups[i]
		title := strings.ToLower(g.Title)
		if !strings.Contains(title, strings.ToLower(name)) || !strings.Contains(title, "kommuner") {
			continue
		}
		if len(g.Members) == 0 {
			full, err := c.Group(ctx, g.ID)
			if err != nil {
				return nil, err
			}
			g = full
		}
		inCounty, has := true, false
		for _, mem := range g.Members {
			inCounty = inCounty && strings.HasPrefix(mem.ID, m.CountyCode) && len(mem.ID) == 4
			has = has || mem.ID == m.Code
		}
		if !inCounty || !has {
			continue
		}
		if best == nil || score(g) > score(best) {
			best = g
		}
	}
	if best == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "Kolada har ingen kommungrupp för %s som innehåller %s", m.County, m.Name)
	}
	return best, nil
}
