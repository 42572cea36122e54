package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// Assess assesses the indicator for year with the Kolada comparison data the dataset holds
// for it, if any: relative targets ("Länssnitt", "Topp tre i länet") are assessed only with it.
func Assess(ds *tertial.Dataset, ind *tertial.Indicator, year int) compute.Assessment {
	return compute.AssessIndicatorWith(ind, year, ds.Kolada.Comparison(ind, ds.Municipality.Code, year))
}

// LongTermLabels name the assessments against a relative long-term target (målvärde).
var LongTermLabels = map[compute.Result]string{
	compute.Reaches:     "uppnår målvärdet",
	compute.Approaches:  "närmar sig målvärdet",
	compute.Misses:      "uppnår inte målvärdet",
	compute.NotAssessed: "kan inte bedömas",
}

// AssessLongTerm assesses the indicator's value for year against its long-term target when
// that is relative and Kolada's comparison data for year are held (ok false otherwise):
// where the municipality stands now, measured by the long-term target.
func AssessLongTerm(ds *tertial.Dataset, ind *tertial.Indicator, year int) (a compute.Assessment, ok bool) {
	cmp := ds.Kolada.Comparison(ind, ds.Municipality.Code, year)
	if cmp == nil {
		return compute.Assessment{}, false
	}
	return compute.AssessLongTermWith(ind, year, cmp)
}

// LongTermText says in words how the value of a.Year stands against the long-term
// target: "värdet 2021 mot målvärdet: uppnår målvärdet; länssnitt 9,1 av 26 kommuner med värde".
func LongTermText(a compute.Assessment) string {
	s := "värdet " + strconv.Itoa(a.Year) + " mot målvärdet: " + LongTermLabels[a.Result]
	why := a.Basis
	if a.Result == compute.NotAssessed {
		why = a.Reason
	} else if a.Provisional() {
		why = strings.TrimPrefix(why+", preliminärt värde", ", ")
	}
	if why != "" {
		s += "; " + why
	}
	return s
}

// koladaTables returns, per indicator of the goal that names a Kolada KPI and has fetched
// figures, a table comparing the municipality with the county average and the comparison
// municipalities over the years the report shows.
func (b *builder) koladaTables(g *tertial.Goal) []Block {
	k := b.ds.Kolada
	if k == nil {
		return nil
	}
	year := b.per.Year()
	years := []int{year - 2, year - 1, year}
	code := b.ds.Municipality.Code
	var out []Block
	for _, ind := range b.scope.Indicators(g.ID) {
		cmps := map[int]*tertial.KoladaComparison{}
		var fetched time.Time
		for _, y := range years {
			if c := k.Comparison(ind, code, y); c != nil {
				cmps[y] = c
				if c.FetchedAt.After(fetched) {
					fetched = c.FetchedAt
				}
			}
		}
		if len(cmps) == 0 {
			continue
		}
		head := []HeadCell{{Text: "Kommun"}}
		for _, y := range years {
			head = append(head, HeadCell{Text: strconv.Itoa(y), Numeric: true})
		}
		name := ind.Name
		if ind.Unit != "" {
			name += " (" + ind.Unit + ")"
		}
		t := &Table{ID: "kolada-" + ind.ID, Class: "kolada", Caption: "Jämförelse: " + name, Head: [][]HeadCell{head}}
		cell := func(y int, d *tertial.Decimal, detail string) Cell {
			c := Cell{Col: strconv.Itoa(y), Numeric: true, Detail: detail}
			if d == nil {
				c.Hidden = "inget värde"
				return c
			}
			r := d.Round(ind.Decimals)
			c.Text, c.Number = sv.Decimal(*d, ind.Decimals), &r
			return c
		}
		row := func(id, title string, class string, f func(y int, c *tertial.KoladaComparison) Cell) {
			r := Row{ID: t.ID + "-" + id, Class: class, Header: Cell{Text: title}}
			for _, y := range years {
				c := cmps[y]
				if c == nil {
					r.Cells = append(r.Cells, Cell{Col: strconv.Itoa(y), Numeric: true, Hidden: "inget värde"})
					continue
				}
				r.Cells = append(r.Cells, f(y, c))
			}
			t.Rows = append(t.Rows, r)
		}
		muniName := strings.TrimSuffix(b.ds.Municipality.Name, " kommun")
		row(code, muniName, "sum", func(y int, c *tertial.KoladaComparison) Cell {
			detail := ""
			if c.Own != nil && len(c.County) > 0 {
				r, n := c.Rank(*c.Own, ind.Direction)
				detail = "plats " + strconv.Itoa(r) + " av " + strconv.Itoa(n)
			}
			return cell(y, c.Own, detail)
		})
		row("lanssnitt", "Länssnitt", "", func(y int, c *tertial.KoladaComparison) Cell {
			return cell(y, c.CountyAverage, strconv.Itoa(len(c.County))+" kommuner")
		})
		for _, m := range b.ds.Municipality.Comparison {
			row(m.Code, m.Name, "", func(y int, c *tertial.KoladaComparison) Cell {
				if v := k.Value(ind.KoladaKPI, m.Code, y, c.Gender); v != nil {
					return cell(y, v.Value, "")
				}
				return cell(y, nil, "")
			})
		}
		note := tertial.KoladaSource + ", nyckeltal " + ind.KoladaKPI
		if !fetched.IsZero() {
			note += ", hämtat " + fetched.Format(time.DateOnly)
		}
		note += ". Länssnitt: ovägt medel av länets kommuner med värde"
		if k.CountyTitle != "" {
			note += " (" + k.CountyTitle + ")"
		}
		note += "; plats i länet räknad så att lika värden delar den bättre platsen."
		t.Notes = append(t.Notes, note)
		if a := Assess(b.ds, ind, year); a.Target.Relative() {
			t.Notes = append(t.Notes, "Etappmål "+strconv.Itoa(year)+" "+sv.Target(a.Target)+": "+relativeText(a))
		}
		if a, ok := AssessLongTerm(b.ds, ind, year); ok {
			t.Notes = append(t.Notes, "Målvärde "+strconv.Itoa(ind.LongTerm.Year)+" "+sv.Target(a.Target)+": "+LongTermText(a)+".")
		}
		out = append(out, t)
		if c := koladaChart(b.ds, ind, name, year, cmps[year]); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// koladaChart draws the comparison of year as bars, one per municipality: the
// municipality's own first, then the county average and the comparison municipalities,
// each labelled with its name and figure. It is nil when year has neither an own value nor
// a county average. The figures are those of the comparison table just before it, so the
// chart has no table of its own; its description says every figure and the source.
func koladaChart(ds *tertial.Dataset, ind *tertial.Indicator, name string, year int, cmp *tertial.KoladaComparison) *Chart {
	if cmp == nil || (cmp.Own == nil && cmp.CountyAverage == nil) {
		return nil
	}
	y := strconv.Itoa(year)
	muniName := strings.TrimSuffix(ds.Municipality.Name, " kommun")
	c := &Chart{ID: "diagram-kolada-" + ind.ID, Kind: "bar", Unit: ind.Unit,
		Title:  name + " " + y + ": " + muniName + ", länssnittet och jämförelsekommunerna",
		Series: []ChartSeries{{Name: y}}}
	s := &c.Series[0]
	var parts []string
	add := func(label string, d *tertial.Decimal) {
		text := "inget värde"
		var v *tertial.Decimal
		if d != nil {
			r := d.Round(ind.Decimals)
			v, text = &r, sv.Decimal(*d, ind.Decimals)
		}
		c.Categories = append(c.Categories, label)
		s.Values, s.Labels = append(s.Values, v), append(s.Labels, text)
		parts = append(parts, label+" "+text)
	}
	add(muniName, cmp.Own)
	county := "Länssnitt"
	if n := len(cmp.County); n > 0 {
		county += " (" + strconv.Itoa(n) + " kommuner)"
	}
	add(county, cmp.CountyAverage)
	fetched := cmp.FetchedAt
	for _, m := range ds.Municipality.Comparison {
		var d *tertial.Decimal
		if v := ds.Kolada.Value(ind.KoladaKPI, m.Code, year, cmp.Gender); v != nil {
			d = v.Value
			if v.FetchedAt.After(fetched) {
				fetched = v.FetchedAt
			}
		}
		add(m.Name, d)
	}
	c.Description = c.Title + ": " + strings.Join(parts, "; ") + ". " + tertial.KoladaSource + ", nyckeltal " + ind.KoladaKPI
	if !fetched.IsZero() {
		c.Description += ", hämtat " + fetched.Format(time.DateOnly)
	}
	c.Description += "."
	return c
}

// KoladaDetail is what the indicator table shows beside an entered value when Kolada's
// differs (or when only Kolada has one), for a person to decide on: "Kolada: 9,8".
func KoladaDetail(ds *tertial.Dataset, ind *tertial.Indicator, v *tertial.IndicatorValue, year int) string {
	if ind.KoladaKPI == "" {
		return ""
	}
	kv := ds.Kolada.Value(ind.KoladaKPI, ds.Municipality.Code, year, ind.KoladaGender)
	if kv == nil || kv.Value == nil {
		return ""
	}
	if v != nil && v.Value != nil && v.Value.Round(ind.Decimals).Equal(kv.Value.Round(ind.Decimals)) {
		return ""
	}
	return "Kolada: " + sv.Decimal(*kv.Value, ind.Decimals)
}

// relativeText says how a relative stage target was assessed: "Uppnår etappmålet (plats 2
// av 26 kommuner med värde i länet)."
func relativeText(a compute.Assessment) string {
	s := ResultLabels[a.Result].Text
	why := a.Basis
	if a.Result == compute.NotAssessed {
		why = a.Reason
	}
	if why != "" {
		s += " (" + why + ")"
	}
	return s + "."
}
