package loadtest

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The optional kinds of request: pages and forms a site may not have yet (an older
// build). Each is tried once before the measured phase; one whose route answers 404 is
// left out of the run with a note, so that the same load runs against builds before and
// after they were added.

// optional says which optional kinds the site has.
type optional struct {
	overview     bool // the unit's period overview
	muniOverview bool // the municipality's overview of a period
	grid         bool // a money table's grid, read and saved

	gridPath string
	gridRows []string // the grid's numeric fields this user may change

	mu    sync.Mutex
	saves map[string][]gridSave // by field: the saves the server accepted
}

type gridSave struct {
	base  int    // the row's version the save was made from
	value string // what was posted
}

func (c *Config) overviewPath() string { return c.periodPath() + "/oversikt" }

func (c *Config) muniOverviewPath() string {
	return "/kommuner/" + url.PathEscape(c.Municipality) + "/oversikt?period=" + url.QueryEscape(c.Period)
}

func (c *Config) gridTablePath() string {
	return c.periodPath() + "/tabeller/" + url.PathEscape(c.GridTable)
}

// probe tries each optional kind once and returns what the site has, with a note for each
// left out.
func probe(ctx context.Context, c *client, cfg *Config) (*optional, []string, error) {
	o := &optional{saves: map[string][]gridSave{}}
	var notes []string
	try := func(kind, path string) (bool, string, error) {
		status, body, _, _, err := c.do(ctx, http.MethodGet, path, nil)
		if err != nil {
			return false, "", err
		}
		switch status {
		case http.StatusOK:
			return true, body, nil
		case http.StatusNotFound:
			notes = append(notes, fmt.Sprintf("%s: GET %s answered 404 (not in this build): left out", kind, path))
			return false, "", nil
		}
		// Not for these clients (403), or broken: left out too, but said plainly.
		notes = append(notes, fmt.Sprintf("%s: GET %s answered %d to %s: left out", kind, path, status, c.name))
		return false, "", nil
	}
	var err error
	if o.overview, _, err = try(KindOverview, cfg.overviewPath()); err != nil {
		return nil, nil, err
	}
	if o.muniOverview, _, err = try(KindMuniOverview, cfg.muniOverviewPath()); err != nil {
		return nil, nil, err
	}
	if cfg.GridTable != "" {
		o.gridPath = cfg.gridTablePath()
		var body string
		if o.grid, body, err = try(KindGrid, o.gridPath); err != nil {
			return nil, nil, err
		}
		if o.grid {
			f := parseGrid(body)
			for name, in := range f.inputs {
				if in.numeric && strings.HasSuffix(name, "."+cfg.GridColumn) {
					o.gridRows = append(o.gridRows, name)
				}
			}
			if len(o.gridRows) == 0 {
				o.grid = false
				notes = append(notes, fmt.Sprintf("%s: %s has no field of column %q this account may change: left out", KindGrid, o.gridPath, cfg.GridColumn))
			}
			slices.Sort(o.gridRows)
		}
	}
	return o, notes, nil
}

// gridForm is a grid page's form: every field with its value as the page shows it.
type gridForm struct {
	inputs map[string]gridInput
	order  []string
}

type gridInput struct {
	value   string
	numeric bool
}

var (
	gridFormRe  = regexp.MustCompile(`(?s)<form method="post"[^>]*class="grid-form".*?</form>`)
	inputRe     = regexp.MustCompile(`<input\b[^>]*>`)
	textareaRe  = regexp.MustCompile(`(?s)<textarea\b[^>]*\bname="([^"]*)"[^>]*>(.*?)</textarea>`)
	selectRe    = regexp.MustCompile(`(?s)<select\b[^>]*\bname="([^"]*)"[^>]*>(.*?)</select>`)
	selectedRe  = regexp.MustCompile(`<option value="([^"]*)" selected>`)
	attrRe      = regexp.MustCompile(`\b(name|value|class|type)="([^"]*)"`)
	rowConflict = regexp.MustCompile(`class="grid-conflict"`)
)

// parseGrid reads the fields of a grid's form.
func parseGrid(body string) gridForm {
	f := gridForm{inputs: map[string]gridInput{}}
	form := gridFormRe.FindString(body)
	add := func(name, value string, numeric bool) {
		if name == "" {
			return
		}
		if _, ok := f.inputs[name]; !ok {
			f.order = append(f.order, name)
		}
		f.inputs[name] = gridInput{value: html.UnescapeString(value), numeric: numeric}
	}
	for _, tag := range inputRe.FindAllString(form, -1) {
		attrs := map[string]string{}
		for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
			attrs[m[1]] = m[2]
		}
		add(attrs["name"], attrs["value"], strings.Contains(attrs["class"], "grid-num"))
	}
	for _, m := range textareaRe.FindAllStringSubmatch(form, -1) {
		add(m[1], strings.TrimPrefix(m[2], "\n"), false)
	}
	for _, m := range selectRe.FindAllStringSubmatch(form, -1) {
		v := ""
		if s := selectedRe.FindStringSubmatch(m[2]); s != nil {
			v = s[1]
		}
		add(m[1], v, false)
	}
	return f
}

// values is the form as a browser posts it, with one field changed.
func (f gridForm) values(field, value string) url.Values {
	v := url.Values{}
	for _, name := range f.order {
		v.Set(name, f.inputs[name].value)
	}
	v.Set(field, value)
	v.Set("atgard", "spara")
	return v
}

// rowVersion is the version the row of a field was shown at (ROW.version).
func (f gridForm) rowVersion(field string) int {
	row := field[:max(0, strings.LastIndexByte(field, '.'))]
	n, _ := strconv.Atoi(f.inputs[row+".version"].value)
	return n
}

// gridSave reads the grid, changes the client's field to a value no other save posts and
// saves: 303 is an accepted save, followed as a browser does; a page that shows the row
// conflicting, or a 409, is a conflict (someone saved the row since), not retried.
func (c *client) gridSave(ctx context.Context) bool {
	o := c.sh.opt
	body, ok := c.get(ctx, KindGrid, o.gridPath)
	if !ok {
		return false
	}
	f := parseGrid(body)
	field := o.gridRows[c.index%len(o.gridRows)]
	if _, ok := f.inputs[field]; !ok {
		c.sh.sample("%s GET %s: no field %s", c.name, o.gridPath, field)
		return false
	}
	if !c.think(ctx) { // typing
		return false
	}
	base := f.rowVersion(field)
	value := strconv.FormatInt(1000+c.sh.counter.Add(1), 10)
	status, page, loc, d, err := c.do(ctx, http.MethodPost, o.gridPath, f.values(field, value))
	if ctx.Err() != nil {
		return false
	}
	switch {
	case err != nil:
		c.rec.Add(KindGridSave, d, false)
		c.sh.gridFailed.Add(1)
		c.sh.sample("%s POST %s: %v", c.name, o.gridPath, err)
		return false
	case status == http.StatusSeeOther && strings.HasPrefix(loc, o.gridPath):
		c.rec.Add(KindGridSave, d, true)
		c.sh.gridSaves.Add(1)
		o.mu.Lock()
		o.saves[field] = append(o.saves[field], gridSave{base, value})
		o.mu.Unlock()
		c.get(ctx, KindGrid, loc)
		return true
	case status == http.StatusConflict, status == http.StatusOK && rowConflict.MatchString(page):
		c.rec.Add(KindGridSave, d, true)
		c.sh.gridConflicts.Add(1)
		return true
	default:
		c.rec.Add(KindGridSave, d, false)
		c.sh.gridFailed.Add(1)
		c.sh.sample("%s POST %s: status %d, Location %q: %s", c.name, o.gridPath, status, loc, pageMessage(page))
		return false
	}
}

// verifyGrid reads the grid after the run: every field saved must show the value of the
// save made from the row's latest version. It returns the fields checked and those that
// do not show it (lost saves).
func verifyGrid(ctx context.Context, c *client, o *optional) (checked, lost int, samples []string) {
	if !o.grid || len(o.saves) == 0 {
		return 0, 0, nil
	}
	status, body, _, _, err := c.do(ctx, http.MethodGet, o.gridPath, nil)
	if err != nil || status != http.StatusOK {
		return 0, len(o.saves), []string{fmt.Sprintf("read back %s: status %d, %v", o.gridPath, status, err)}
	}
	f := parseGrid(body)
	for field, saves := range o.saves {
		checked++
		last := saves[0]
		for _, s := range saves[1:] {
			if s.base > last.base {
				last = s
			}
		}
		if got := f.inputs[field].value; !sameNumber(got, last.value) {
			lost++
			if len(samples) < 3 {
				samples = append(samples, fmt.Sprintf("%s %s: shows %q, the last accepted save was %q", o.gridPath, field, got, last.value))
			}
		}
	}
	return checked, lost, samples
}
