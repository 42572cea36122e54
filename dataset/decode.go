package dataset

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"go.yaml.in/yaml/v3"
)

// FormatVersion is the value of the `format` key this package reads and writes.
const FormatVersion = "tertial/1"

// Decode reads a dataset file. name is used in error messages. It checks the whole file,
// syntax and the dataset's rules (tertial.Dataset.Validate), and returns either the dataset
// or Errors listing every problem found with its line.
func Decode(data []byte, name string) (*tertial.Dataset, error) {
	d := &decoder{file: name, lines: map[string]int{}}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errors{{File: name, Line: 1, Message: "filen är tom"}}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, Errors{{File: name, Line: line, Message: "filen är inte giltig UTF-8 (spara den som UTF-8)"}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, Errors{yamlError(name, err)}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, Errors{{File: name, Line: 1, Message: "filen innehåller inget"}}
	}
	ds := d.dataset(root.Content[0])
	// The rules are checked even after syntax errors, so that one run reports every
	// problem; a field that already has an error is not reported twice.
	reported := map[string]bool{}
	for _, e := range d.errs {
		reported[e.Path] = true
	}
	for _, p := range ds.Validate() {
		if !reported[p.Path] {
			d.errs = append(d.errs, Error{File: name, Line: d.lineOf(p.Path), Path: p.Path, Message: p.Message})
		}
	}
	if len(d.errs) > 0 {
		slices.SortStableFunc(d.errs, func(a, b Error) int { return a.Line - b.Line })
		return nil, d.errs
	}
	return ds, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// yamlError turns a YAML syntax error ("yaml: line 3: ...") into an Error.
func yamlError(file string, err error) Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return Error{File: file, Line: line, Message: "YAML-fel: " + msg}
}

type decoder struct {
	file  string
	lines map[string]int // dataset path → line, for every field read
	errs  Errors
}

func (d *decoder) errorf(path string, line int, format string, args ...any) {
	d.errs = append(d.errs, Error{File: d.file, Line: line, Path: path, Message: fmt.Sprintf(format, args...)})
}

// lineOf returns the line of path or of its nearest recorded ancestor.
func (d *decoder) lineOf(path string) int {
	for p := path; p != ""; {
		if l, ok := d.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 1
}

// object reads a YAML mapping field by field and reports unknown keys at done.
type object struct {
	d      *decoder
	path   string
	line   int
	values map[string]*yaml.Node
	keys   []*yaml.Node
	used   map[string]bool
}

func (d *decoder) object(path string, n *yaml.Node) *object {
	o := &object{d: d, path: path, line: n.Line, values: map[string]*yaml.Node{}, used: map[string]bool{}}
	d.lines[path] = n.Line
	if n.Kind != yaml.MappingNode {
		d.errorf(path, n.Line, "här ska det stå fält (nyckel: värde), inte %s", kindName(n))
		return o
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := o.values[k.Value]; dup {
			d.errorf(o.sub(k.Value), k.Line, "fältet %q förekommer två gånger", k.Value)
			continue
		}
		o.keys = append(o.keys, k)
		o.values[k.Value] = v
		d.lines[o.sub(k.Value)] = k.Line
	}
	return o
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "en lista"
	case yaml.MappingNode:
		return "fält"
	case yaml.AliasNode:
		return "ett alias"
	}
	if n.Value == "" {
		return "ett tomt värde"
	}
	return fmt.Sprintf("värdet %q", n.Value)
}

func (o *object) sub(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// done reports every key that was not read as unknown.
func (o *object) done() {
	for _, k := range o.keys {
		if !o.used[k.Value] {
			o.d.errorf(o.sub(k.Value), k.Line, "okänt fält %q", k.Value)
		}
	}
}

// get returns the value node of key, or nil when it is absent or null.
func (o *object) get(key string) *yaml.Node {
	o.used[key] = true
	n := o.values[key]
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	return n
}

func (o *object) missing(key string) {
	o.d.errorf(o.sub(key), o.line, "fältet %q saknas", key)
}

// scalar returns the text of a scalar value, or ok=false (with an error if present but not
// a scalar).
func (o *object) scalar(key string) (string, int, bool) {
	n := o.get(key)
	if n == nil {
		return "", o.line, false
	}
	if n.Kind != yaml.ScalarNode {
		o.d.errorf(o.sub(key), n.Line, "här ska det stå ett enkelt värde, inte %s", kindName(n))
		return "", n.Line, false
	}
	return n.Value, n.Line, true
}

func (o *object) str(key string) string {
	s, _, _ := o.scalar(key)
	return s
}

func (o *object) reqStr(key string) string {
	s, _, ok := o.scalar(key)
	if !ok && o.values[key] == nil {
		o.missing(key)
	}
	return s
}

func (o *object) integer(key string) (int, bool) {
	s, line, ok := o.scalar(key)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		o.d.errorf(o.sub(key), line, "%q är inte ett heltal", s)
		return 0, false
	}
	return n, true
}

func (o *object) reqInt(key string) int {
	n, ok := o.integer(key)
	if !ok && o.values[key] == nil {
		o.missing(key)
	}
	return n
}

func (o *object) boolean(key string) bool {
	s, line, ok := o.scalar(key)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	o.d.errorf(o.sub(key), line, "%q ska vara true eller false", s)
	return false
}

func (o *object) optBool(key string) *bool {
	if o.get(key) == nil {
		return nil
	}
	b := o.boolean(key)
	return &b
}

func (o *object) decimal(key string) *tertial.Decimal {
	s, line, ok := o.scalar(key)
	if !ok {
		return nil
	}
	v, err := tertial.ParseDecimal(s)
	if err != nil {
		o.d.errorf(o.sub(key), line, "%q är inte ett tal", s)
		return nil
	}
	return &v
}

func (o *object) date(key string, required bool) time.Time {
	s, line, ok := o.scalar(key)
	if !ok {
		if required && o.values[key] == nil {
			o.missing(key)
		}
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		o.d.errorf(o.sub(key), line, "%q är inte ett datum (ÅÅÅÅ-MM-DD)", s)
	}
	return t
}

func (o *object) target(key string) tertial.Target {
	s, line, ok := o.scalar(key)
	if !ok {
		return tertial.Target{}
	}
	t, err := tertial.ParseTarget(s)
	if err != nil {
		o.d.errorf(o.sub(key), line, "%s", tertial.ErrorMessage(err))
	}
	return t
}

// list calls fn for each item of the sequence at key.
func (o *object) list(key string, fn func(path string, n *yaml.Node)) {
	n := o.get(key)
	if n == nil {
		return
	}
	p := o.sub(key)
	if n.Kind != yaml.SequenceNode {
		o.d.errorf(p, n.Line, "här ska det stå en lista, inte %s", kindName(n))
		return
	}
	for i, item := range n.Content {
		ip := fmt.Sprintf("%s[%d]", p, i)
		o.d.lines[ip] = item.Line
		fn(ip, item)
	}
}

// strs returns the list of simple values at key (nil when absent).
func (o *object) strs(key string) []string {
	var out []string
	o.list(key, func(p string, n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			o.d.errorf(p, n.Line, "här ska det stå ett enkelt värde, inte %s", kindName(n))
			return
		}
		out = append(out, n.Value)
	})
	return out
}

func (d *decoder) dataset(n *yaml.Node) *tertial.Dataset {
	ds := &tertial.Dataset{}
	o := d.object("", n)
	if f, line, ok := o.scalar("format"); !ok {
		if o.values["format"] == nil {
			o.missing("format")
		}
	} else if f != FormatVersion {
		d.errorf("format", line, "okänd formatversion %q: den här versionen av Tertial läser %q", f, FormatVersion)
	}
	if m := o.get("municipality"); m != nil {
		ds.Municipality = d.municipality("municipality", m)
	} else {
		o.missing("municipality")
	}
	o.list("goal_levels", func(p string, n *yaml.Node) {
		x := d.object(p, n)
		ds.GoalLevels = append(ds.GoalLevels, tertial.GoalLevel{ID: x.reqStr("id"), Name: x.reqStr("name")})
		x.done()
	})
	o.list("goal_areas", func(p string, n *yaml.Node) {
		x := d.object(p, n)
		ds.GoalAreas = append(ds.GoalAreas, tertial.GoalArea{ID: x.reqStr("id"), Name: x.reqStr("name"),
			Dimension: tertial.Dimension(x.str("dimension")), Description: x.str("description")})
		x.done()
	})
	if o.get("units") == nil {
		o.missing("units")
	}
	o.list("units", func(p string, n *yaml.Node) {
		x := d.object(p, n)
		ds.Units = append(ds.Units, tertial.Unit{ID: x.reqStr("id"), Name: x.reqStr("name"), ShortName: x.str("short_name"),
			Kind: tertial.UnitKind(x.reqStr("kind")), Parent: x.str("parent")})
		ds.Units[len(ds.Units)-1].Retired, _ = x.integer("retired")
		ds.Units[len(ds.Units)-1].Share = x.decimal("share")
		ds.Units[len(ds.Units)-1].OrgNumber = x.str("org_number")
		x.done()
	})
	o.list("goals", func(p string, n *yaml.Node) { ds.Goals = append(ds.Goals, d.goal(p, n)) })
	o.list("indicators", func(p string, n *yaml.Node) { ds.Indicators = append(ds.Indicators, d.indicator(p, n)) })
	o.list("assignments", func(p string, n *yaml.Node) {
		x := d.object(p, n)
		ds.Assignments = append(ds.Assignments, tertial.Assignment{ID: x.reqStr("id"), Goal: x.reqStr("goal"),
			Unit: x.str("unit"), Origin: x.str("origin"), Due: x.date("due", false), Title: x.reqStr("title"), Description: x.str("description"),
			Followups: d.statusFollowups(x)})
		x.done()
	})
	if ic := o.get("internal_control"); ic != nil {
		d.internalControl(ds, ic)
	}
	o.list("templates", func(p string, n *yaml.Node) {
		x := d.object(p, n)
		ds.Templates = append(ds.Templates, tertial.Template{ID: x.reqStr("id"), Name: x.reqStr("name"), Sections: d.sections(x)})
		x.done()
	})
	o.list("periods", func(p string, n *yaml.Node) { ds.Periods = append(ds.Periods, d.period(p, n)) })
	if e := o.get("economy"); e != nil {
		ds.Economy = d.economy("economy", e)
	}
	if st := o.get("statements"); st != nil {
		ds.Statements = d.statements("statements", st)
	}
	o.done()
	return ds
}

func (d *decoder) municipality(p string, n *yaml.Node) tertial.Municipality {
	x := d.object(p, n)
	m := tertial.Municipality{Name: x.reqStr("name"), Code: x.reqStr("code"), County: x.reqStr("county"), CountyCode: x.str("county_code")}
	x.list("comparison", func(p string, n *yaml.Node) {
		c := d.object(p, n)
		m.Comparison = append(m.Comparison, tertial.ComparisonMunicipality{Code: c.reqStr("code"), Name: c.reqStr("name")})
		c.done()
	})
	if v := x.get("vocabulary"); v != nil {
		// Unknown terms are left to Dataset.Validate, which names the terms there are.
		o := d.object(x.sub("vocabulary"), v)
		m.Vocabulary = tertial.Vocabulary{}
		for _, k := range o.keys {
			if w, _, ok := o.scalar(k.Value); ok {
				m.Vocabulary[tertial.Term(k.Value)] = w
			}
		}
	}
	if v := x.get("scales"); v != nil {
		o := d.object(x.sub("scales"), v)
		m.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{}
		for _, k := range o.keys {
			kind := tertial.ScaleKind(k.Value)
			m.Scales[kind] = []tertial.ScaleLevel{}
			o.list(k.Value, func(p string, n *yaml.Node) {
				l := d.object(p, n)
				m.Scales[kind] = append(m.Scales[kind], tertial.ScaleLevel{ID: l.reqStr("id"), Name: l.reqStr("name"), Symbol: l.str("symbol"),
					Colour: tertial.Colour(l.str("colour"))})
				l.done()
			})
		}
	}
	if v := x.get("vision"); v != nil {
		o := d.object(x.sub("vision"), v)
		m.Vision = &tertial.Vision{Title: o.str("title"), Text: o.reqStr("text")}
		o.done()
	}
	if v := x.get("logo"); v != nil {
		o := d.object(x.sub("logo"), v)
		m.Logo = &tertial.Logo{Type: o.reqStr("type")}
		text, line, ok := o.scalar("data")
		switch {
		case !ok && o.values["data"] == nil:
			o.missing("data")
		case ok:
			data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
			if err != nil {
				d.errorf(o.sub("data"), line, "bilden ska stå i base64 (A–Z, a–z, 0–9, + och /), men det går inte att läsa den")
			}
			m.Logo.Data = data
		}
		o.done()
	}
	// A colour Dataset.Validate refuses is an error at its line, as every problem is.
	m.Colour = x.str("colour")
	x.done()
	return m
}

func (d *decoder) goal(p string, n *yaml.Node) tertial.Goal {
	x := d.object(p, n)
	g := tertial.Goal{ID: x.reqStr("id"), Level: x.reqStr("level"), Area: x.str("area"), Parent: x.str("parent"),
		Unit: x.str("unit"), Title: x.reqStr("title"), Description: x.str("description"), Tags: x.strs("tags")}
	g.Since, _ = x.integer("since")
	g.Retired, _ = x.integer("retired")
	x.list("followups", func(p string, n *yaml.Node) {
		f := d.object(p, n)
		g.Followups = append(g.Followups, tertial.GoalFollowup{Period: f.reqStr("period"), Unit: f.str("unit"),
			Assessment: tertial.Assessment(f.str("assessment")), Analysis: f.str("analysis")})
		f.done()
	})
	x.done()
	return g
}

func (d *decoder) indicator(p string, n *yaml.Node) tertial.Indicator {
	x := d.object(p, n)
	ind := tertial.Indicator{ID: x.reqStr("id"), Goal: x.reqStr("goal"), Name: x.reqStr("name"), Unit: x.str("unit"),
		Direction: tertial.Direction(x.reqStr("direction")), Owner: x.str("owner"), KoladaKPI: x.str("kolada"),
		KoladaGender: x.str("kolada_gender"), Gender: x.boolean("gender"), Tolerance: x.decimal("tolerance"), Note: x.str("note")}
	ind.Decimals, _ = x.integer("decimals")
	x.list("values", func(p string, n *yaml.Node) {
		v := d.object(p, n)
		val := tertial.IndicatorValue{Year: v.reqInt("year"), Value: v.decimal("value"), Kind: tertial.ValueKind(v.str("kind")),
			Women: v.decimal("women"), Men: v.decimal("men"), Numerator: v.decimal("numerator"), Denominator: v.decimal("denominator"),
			Missing: tertial.Missing(v.str("missing")), Note: v.str("note")}
		if val.Kind == tertial.Outcome {
			val.Kind = "" // outcome is the default and is not written
		}
		ind.Values = append(ind.Values, val)
		v.done()
	})
	x.list("targets", func(p string, n *yaml.Node) {
		t := d.object(p, n)
		yt := d.yearTarget(t)
		yt.Target = yt.Target.Explicit(ind.Unit)
		ind.Targets = append(ind.Targets, yt)
		t.done()
	})
	if lt := x.get("long_term"); lt != nil {
		t := d.object(x.sub("long_term"), lt)
		yt := d.yearTarget(t)
		yt.Target = yt.Target.Explicit(ind.Unit)
		ind.LongTerm = &yt
		t.done()
	}
	ind.DeriveValues()
	x.done()
	return ind
}

func (d *decoder) yearTarget(t *object) tertial.YearTarget {
	yt := tertial.YearTarget{Year: t.reqInt("year"), Target: t.target("target")}
	if t.values["target"] == nil {
		t.missing("target")
	}
	return yt
}

func (d *decoder) statusFollowups(x *object) []tertial.StatusFollowup {
	var fs []tertial.StatusFollowup
	x.list("followups", func(p string, n *yaml.Node) {
		f := d.object(p, n)
		sf := tertial.StatusFollowup{Period: f.reqStr("period"), Unit: f.str("unit"), Status: tertial.Status(f.str("status")),
			Comment: f.str("comment")}
		if pr, ok := f.integer("progress"); ok {
			sf.Progress = &pr
		}
		fs = append(fs, sf)
		f.done()
	})
	return fs
}

func (d *decoder) internalControl(ds *tertial.Dataset, n *yaml.Node) {
	x := d.object("internal_control", n)
	x.list("risks", func(p string, n *yaml.Node) {
		r := d.object(p, n)
		risk := tertial.Risk{ID: r.reqStr("id"), Unit: r.reqStr("unit"), Process: r.str("process"), Risk: r.reqStr("risk")}
		risk.Probability, _ = r.integer("probability")
		risk.Consequence, _ = r.integer("consequence")
		r.list("actions", func(p string, n *yaml.Node) {
			a := d.object(p, n)
			risk.Actions = append(risk.Actions, tertial.RiskAction{ID: a.reqStr("id"), Action: a.reqStr("action"), Followups: d.statusFollowups(a)})
			a.done()
		})
		ds.Risks = append(ds.Risks, risk)
		r.done()
	})
	x.list("audits", func(p string, n *yaml.Node) {
		a := d.object(p, n)
		ds.Audits = append(ds.Audits, tertial.Audit{ID: a.reqStr("id"), Unit: a.reqStr("unit"), Title: a.reqStr("title"),
			CaseNumber: a.str("case_number"), Background: a.str("background"), Action: a.reqStr("action"), Followups: d.statusFollowups(a)})
		a.done()
	})
	x.list("controls", func(p string, n *yaml.Node) {
		c := d.object(p, n)
		ds.Controls = append(ds.Controls, tertial.Control{ID: c.reqStr("id"), Unit: c.reqStr("unit"), Process: c.str("process"),
			Control: c.reqStr("control"), Reason: c.str("reason"), Method: c.str("method"), Frequency: c.str("frequency"),
			Responsible: c.str("responsible"), Followups: d.statusFollowups(c)})
		c.done()
	})
	x.done()
}

func (d *decoder) sections(x *object) []tertial.Section {
	var ss []tertial.Section
	x.list("sections", func(p string, n *yaml.Node) {
		s := d.object(p, n)
		sec := tertial.Section{Kind: tertial.SectionKind(s.reqStr("kind")), Title: s.str("title"), Ref: s.str("ref"), Sections: d.sections(s),
			BaseYears: s.boolean("base_years")}
		sec.Years, _ = s.integer("years")
		sec.Levels = s.strs("levels")
		sec.Areas = s.strs("areas")
		for _, dim := range s.strs("dimensions") {
			sec.Dimensions = append(sec.Dimensions, tertial.Dimension(dim))
		}
		sec.Owners = s.strs("owners")
		sec.Tags = s.strs("tags")
		sec.Layout = tertial.GoalsLayout(s.str("layout"))
		for _, f := range s.strs("fields") {
			sec.Fields = append(sec.Fields, tertial.CoverField(f))
		}
		ss = append(ss, sec)
		s.done()
	})
	return ss
}

func (d *decoder) period(p string, n *yaml.Node) tertial.Period {
	x := d.object(p, n)
	per := tertial.Period{Unit: x.reqStr("unit"), ID: x.reqStr("id"), Kind: tertial.PeriodKind(x.reqStr("kind")),
		Title: x.reqStr("title"), Start: x.date("start", false), Cutoff: x.date("cutoff", true),
		State: tertial.PeriodState(x.reqStr("state")), Template: x.str("template"), From: x.str("from"), Deadline: x.date("deadline", false),
		Status: x.str("status"), CoverText: x.str("cover_text")}
	if dn := x.get("decision"); dn != nil {
		dec := d.object(x.sub("decision"), dn)
		per.DecisionDate = dec.date("date", true)
		per.DecisionParagraph = dec.reqStr("paragraph")
		dec.done()
	}
	x.list("assessments", func(p string, n *yaml.Node) {
		a := d.object(p, n)
		// An area not yet assessed has no assessment (a period made from an earlier one).
		per.Assessments = append(per.Assessments, tertial.OverallAssessment{ID: a.reqStr("id"), Label: a.reqStr("label"),
			Assessment: tertial.Assessment(a.str("assessment"))})
		a.done()
	})
	x.list("texts", func(p string, n *yaml.Node) {
		t := d.object(p, n)
		per.Texts = append(per.Texts, tertial.TextSection{ID: t.reqStr("id"), Title: t.str("title"), Body: t.reqStr("body")})
		t.done()
	})
	x.list("money_tables", func(p string, n *yaml.Node) { per.MoneyTables = append(per.MoneyTables, d.moneyTable(p, n)) })
	x.list("free_tables", func(p string, n *yaml.Node) { per.FreeTables = append(per.FreeTables, d.freeTable(p, n)) })
	x.list("attachments", func(p string, n *yaml.Node) {
		a := d.object(p, n)
		per.Attachments = append(per.Attachments, tertial.Attachment{Title: a.reqStr("title"), Description: a.str("description")})
		a.done()
	})
	x.done()
	return per
}

// unitPrecision reads amount_unit and precision, with their defaults.
func unitPrecision(x *object, def tertial.AmountUnit) (tertial.AmountUnit, int) {
	unit := def
	if s, line, ok := x.scalar("amount_unit"); ok {
		unit = tertial.AmountUnit(s)
		if !unit.Valid() {
			x.d.errorf(x.sub("amount_unit"), line, "okänd beloppsenhet %q: ska vara kr, tkr eller mnkr", s)
			unit = def
		}
	} else if def == "" {
		x.missing("amount_unit")
		unit = tertial.Tkr
	}
	precision := unit.DefaultPrecision()
	if n, ok := x.integer("precision"); ok {
		precision = n
	}
	return unit, precision
}

func (d *decoder) amount(x *object, key string, unit tertial.AmountUnit, precision int) (tertial.Amount, bool) {
	s, line, ok := x.scalar(key)
	if !ok {
		return 0, false
	}
	a, err := tertial.ParseAmount(s, unit, precision)
	if err != nil {
		d.errorf(x.sub(key), line, "%s", tertial.ErrorMessage(err))
		return 0, false
	}
	return a, true
}

func (d *decoder) moneyTable(p string, n *yaml.Node) tertial.MoneyTable {
	x := d.object(p, n)
	t := tertial.MoneyTable{ID: x.reqStr("id"), Title: x.reqStr("title"), LabelHeading: x.str("label_heading"),
		Negate: x.boolean("negate"), Total: x.str("total"), TotalNegate: x.boolean("total_negate"), Note: x.str("note"),
		Periodisation: tertial.Periodisation(x.str("periodisation"))}
	t.Unit, t.Precision = unitPrecision(x, "")
	if x.get("columns") == nil {
		x.missing("columns")
	}
	// The old form lists column names; the declared form has a mapping per column. A table
	// uses one form; the first entry decides which.
	declared := false
	x.list("columns", func(p string, n *yaml.Node) {
		if n.Kind == yaml.MappingNode && len(t.Columns) == 0 {
			declared = true
			c := d.object(p, n)
			def := tertial.MoneyColumnDef{ID: tertial.MoneyColumn(c.reqStr("id")), Kind: tertial.ColumnKind(c.reqStr("kind")),
				Heading: c.str("heading"), Group: c.str("group"), Period: tertial.ColumnPeriod(c.str("period"))}
			c.list("of", func(p string, n *yaml.Node) {
				if n.Kind != yaml.ScalarNode {
					d.errorf(p, n.Line, "här ska det stå ett kolumn-id, inte %s", kindName(n))
					return
				}
				def.Of = append(def.Of, tertial.MoneyColumn(n.Value))
			})
			t.Declared = append(t.Declared, def)
			c.done()
			return
		}
		if n.Kind != yaml.ScalarNode || declared {
			what := "ett kolumnnamn"
			if declared {
				what = "en kolumn med id och kind, som tabellens första kolumn"
			}
			d.errorf(p, n.Line, "här ska det stå %s, inte %s", what, kindName(n))
			return
		}
		t.Columns = append(t.Columns, tertial.MoneyColumn(n.Value))
	})
	t.Rows = d.moneyRows(x, &t)
	x.list("mapping", func(p string, n *yaml.Node) {
		r := d.object(p, n)
		rule := tertial.AccountRule{Row: r.reqStr("row")}
		if r.values["accounts"] == nil {
			r.missing("accounts")
		}
		r.list("accounts", func(p string, n *yaml.Node) {
			if n.Kind != yaml.ScalarNode {
				d.errorf(p, n.Line, "här ska det stå ett konto eller kontointervall, inte %s", kindName(n))
				return
			}
			a, err := tertial.ParseAccountRange(n.Value)
			if err != nil {
				d.errorf(p, n.Line, "%s", tertial.ErrorMessage(err))
				return
			}
			rule.Accounts = append(rule.Accounts, a)
		})
		rule.Dimension, _ = r.integer("dimension")
		r.list("objects", func(p string, n *yaml.Node) {
			if n.Kind != yaml.ScalarNode {
				d.errorf(p, n.Line, "här ska det stå ett objekt, inte %s", kindName(n))
				return
			}
			rule.Objects = append(rule.Objects, n.Value)
		})
		t.Mapping = append(t.Mapping, rule)
		r.done()
	})
	x.done()
	return t
}

func (d *decoder) moneyRows(x *object, t *tertial.MoneyTable) []tertial.MoneyRow {
	var rows []tertial.MoneyRow
	x.list("rows", func(p string, n *yaml.Node) {
		r := d.object(p, n)
		row := tertial.MoneyRow{ID: r.reqStr("id"), Label: r.str("label"), Negate: r.optBool("negate"), Comment: r.str("comment")}
		if r.values["rows"] != nil {
			row.Group = true
			row.Sum = tertial.SumPosition(r.str("sum"))
			if row.Sum == "" {
				row.Sum = tertial.SumNone
			}
			row.SumLabel = r.str("sum_label")
			row.Rows = d.moneyRows(r, t)
			if row.Rows == nil {
				row.Rows = []tertial.MoneyRow{}
			}
		} else {
			row.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
			for _, c := range rowKeys(t) {
				if a, ok := d.amount(r, string(c), t.Unit, t.Precision); ok {
					row.Amounts[c] = a
				}
			}
			r.list("history", func(p string, n *yaml.Node) {
				h := d.object(p, n)
				ya := tertial.YearAmount{Year: h.reqInt("year")}
				if a, ok := d.amount(h, "outcome", t.Unit, t.Precision); ok {
					ya.Amount = a
				} else if h.values["outcome"] == nil {
					h.missing("outcome")
				}
				row.History = append(row.History, ya)
				h.done()
			})
		}
		rows = append(rows, row)
		r.done()
	})
	return rows
}

// rowKeys are the keys a money row's amounts are read from: the old fixed columns for a
// table with the old column list (Validate reports those the table lacks), every declared
// column else (Validate reports amounts in computed columns).
func rowKeys(t *tertial.MoneyTable) []tertial.MoneyColumn {
	if len(t.Declared) == 0 {
		return tertial.MoneyColumns
	}
	keys := make([]tertial.MoneyColumn, 0, len(t.Declared))
	for _, c := range t.Declared {
		if tertial.ValidID(string(c.ID)) && !slices.Contains(keys, c.ID) && !slices.Contains(tertial.ReservedRowKeys, c.ID) {
			keys = append(keys, c.ID)
		}
	}
	return keys
}

func (d *decoder) freeTable(p string, n *yaml.Node) tertial.FreeTable {
	x := d.object(p, n)
	t := tertial.FreeTable{ID: x.reqStr("id"), Title: x.reqStr("title"), SumLabel: x.str("sum_label"), Note: x.str("note")}
	t.Unit, t.Precision = unitPrecision(x, tertial.Tkr)
	x.list("columns", func(p string, n *yaml.Node) {
		c := d.object(p, n)
		col := tertial.FreeColumn{ID: c.reqStr("id"), Label: c.reqStr("label"), Type: tertial.ColumnType(c.reqStr("type")), Sum: c.boolean("sum")}
		if s, line, ok := c.scalar("formula"); ok {
			f, err := tertial.ParseFormula(s)
			if err != nil {
				d.errorf(c.sub("formula"), line, "%s", tertial.ErrorMessage(err))
			}
			col.Formula = f
		}
		t.Columns = append(t.Columns, col)
		c.done()
	})
	types := map[string]tertial.ColumnType{}
	for _, c := range t.Columns {
		types[c.ID] = c.Type
	}
	t.Rows = d.freeRows(x, &t, types)
	x.done()
	return t
}

// freeRows reads a free table's rows: a row with a rows list is a group, whose rows nest
// the same way; any other row holds cells.
func (d *decoder) freeRows(x *object, t *tertial.FreeTable, types map[string]tertial.ColumnType) []tertial.FreeRow {
	var rows []tertial.FreeRow
	x.list("rows", func(p string, n *yaml.Node) {
		r := d.object(p, n)
		row := tertial.FreeRow{ID: r.reqStr("id"), Unit: r.str("unit")}
		if r.values["rows"] != nil {
			row.Group = true
			row.Label = r.str("label")
			row.Sum = tertial.SumPosition(r.str("sum"))
			if row.Sum == "" {
				row.Sum = tertial.SumNone
			}
			row.SumLabel = r.str("sum_label")
			if cn := r.get("cells"); cn != nil {
				r.used["cells"] = true
				d.errorf(r.sub("cells"), cn.Line, "raden %q är en grupp (den har rows) och kan inte ha celler: ange cellerna på gruppens rader", row.ID)
			}
			if fn := r.get("formula"); fn != nil {
				d.errorf(r.sub("formula"), fn.Line, "raden %q är en grupp (den har rows) och kan inte räknas fram med en formel", row.ID)
			}
			row.Rows = d.freeRows(r, t, types)
			if row.Rows == nil {
				row.Rows = []tertial.FreeRow{}
			}
			rows = append(rows, row)
			r.done()
			return
		}
		row.Cells = map[string]tertial.Cell{}
		if f, line, ok := r.scalar("formula"); ok {
			formula, err := tertial.ParseFormula(f)
			if err != nil {
				d.errorf(r.sub("formula"), line, "%s", tertial.ErrorMessage(err))
			}
			row.Formula = formula
		}
		if cn := r.get("cells"); cn != nil {
			cells := d.object(r.sub("cells"), cn)
			for _, k := range cells.keys {
				typ, known := types[k.Value]
				if !known {
					cells.used[k.Value] = true
					d.errorf(cells.sub(k.Value), k.Line, "tabellen har ingen kolumn %q", k.Value)
					continue
				}
				if cell, ok := d.cell(cells, k.Value, typ, t.Unit, t.Precision); ok {
					row.Cells[k.Value] = cell
				}
			}
			cells.done()
		}
		rows = append(rows, row)
		r.done()
	})
	return rows
}

// cell reads a cell of a column of type typ. A numeric cell is a number, or fields: a
// value with marks ({value: -400, after: "*"}) or a word in place of the value
// ({text: Stängt}).
func (d *decoder) cell(x *object, key string, typ tertial.ColumnType, unit tertial.AmountUnit, precision int) (tertial.Cell, bool) {
	if n := x.get(key); n != nil && n.Kind == yaml.MappingNode && typ.Numeric() {
		return d.markedCell(x.sub(key), n, typ, unit, precision)
	}
	return d.cellValue(x, key, typ, unit, precision)
}

// markedCell reads a numeric cell written as fields.
func (d *decoder) markedCell(p string, n *yaml.Node, typ tertial.ColumnType, unit tertial.AmountUnit, precision int) (tertial.Cell, bool) {
	m := d.object(p, n)
	defer m.done()
	before, after := m.str("before"), m.str("after")
	word, line, hasWord := m.scalar("text")
	hasValue := m.get("value") != nil
	switch {
	case hasWord && hasValue:
		d.errorf(m.sub("text"), line, "%s", tertial.WordWithValue(word))
		return tertial.Cell{}, false
	case hasWord && word == "":
		d.errorf(m.sub("text"), line, "ordet är tomt: skriv ordet som ska stå i stället för värdet, eller ta bort cellen")
		return tertial.Cell{}, false
	case hasWord:
		// The rule set refuses marks beside a word (tertial.CheckCellWords).
		return tertial.Cell{Text: word, Before: before, After: after}, true
	case !hasValue:
		if m.values["text"] == nil && m.values["value"] == nil {
			d.errorf(p, n.Line, "cellen saknar value (ett värde, med before eller after) eller text (ett ord i stället för värdet)")
		}
		return tertial.Cell{}, false
	}
	c, ok := d.cellValue(m, "value", typ, unit, precision)
	c.Before, c.After = before, after
	return c, ok
}

// cellValue reads a cell's value written as a scalar.
func (d *decoder) cellValue(x *object, key string, typ tertial.ColumnType, unit tertial.AmountUnit, precision int) (tertial.Cell, bool) {
	s, line, ok := x.scalar(key)
	if !ok {
		return tertial.Cell{}, false
	}
	var c tertial.Cell
	switch typ {
	case tertial.ColText:
		c.Text = s
	case tertial.ColAmount:
		a, ok := d.amount(x, key, unit, precision)
		if !ok {
			return c, false
		}
		c.Amount = a
	case tertial.ColPercent, tertial.ColDecimal:
		v := x.decimal(key)
		if v == nil {
			return c, false
		}
		c.Number = *v
	case tertial.ColCount:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			d.errorf(x.sub(key), line, "%q är inte ett heltal", s)
			return c, false
		}
		c.Count = n
	case tertial.ColDate:
		t := x.date(key, false)
		if t.IsZero() {
			return c, false
		}
		c.Date = t
	default:
		return c, false // the column's type is reported by Validate
	}
	return c, true
}
