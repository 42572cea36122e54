package kolada

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The types below read Kolada API v3 as it answers, which differs from the v2 description
// that Kolada's own README (github.com/Hypergene/kolada, README.rst) still gives. What each
// shape follows:
//
//   - A municipality group's members are {"member_id", "member_title"}, not {"id",
//     "title"}: rKolada, the R client (github.com/LCHansson/rKolada), reads
//     members$member_id and members$member_title in R/municipality_grp.R, and its
//     tests/testthat/test-groups.R builds v3 groups that way.
//   - A KPI's responsible body is "auspice": rKolada tests/testthat/test-api-live.R checks
//     "v3 schema: auspice (not auspices)" against the live API.
//   - A value may be flagged "isdeleted": Kolada withdrew it. rKolada R/data.R (get_values,
//     keep_deleted = FALSE by default) drops the rows whose isdeleted is TRUE after
//     unnesting the data points' values, so the flag is read on a value and, should Kolada
//     put it there, on a whole data point; either way the figure is not kept.
//   - Pages link onwards with "next_url", a full URL with scheme and host, absent or ""
//     on the last page: rKolada R/data.R stops paging on exactly that.
//   - A data point is {"kpi", "municipality" (or "ou"), "period", "values": [{"gender",
//     "count", "status", "value"}]}, value null when there is no figure: Hypergene/kolada
//     README.rst, unchanged in v3 (rKolada R/data.R unnests the same columns).
//
// Fields Tertial does not read are ignored, so that Kolada may add some. A missing field is
// an error naming the field and the request's URL when Tertial cannot do without it, and
// takes a stated default when it is only a label or a flag:
//
//   - list: "values" is required (a body without it is not a Kolada list, and reading it
//     as empty would silently drop every figure); "next_url" is optional (absent: last page).
//   - group: "id" and "title" are required (the county group is found by its title and
//     stored by its id); "members" is optional (absent: the group is fetched by its id).
//   - member: "member_id" is required (without it a municipality of the county would
//     silently fall out of the county average); "member_title" is optional (only a label;
//     the id stands in for it).
//   - KPI and municipality: "id" is required; everything else is optional (labels).
//   - data point: "kpi", "period" and "municipality" (or "ou") are required (they say what
//     the figure is of); "values" is optional (absent: Kolada has no figure); "isdeleted"
//     is optional (absent: not deleted).
//   - value: "gender" is required (T, K and M are different figures, and guessing T could
//     store a woman's figure as the total); "value" is optional (absent or null: no
//     figure); "count", "status" and "isdeleted" are optional.

// KPI is a key figure's metadata.
type KPI struct {
	ID                string `json:"id"`
	Title             string `json:"title"`
	Description       string `json:"description"`
	OperatingArea     string `json:"operating_area"`
	MunicipalityType  string `json:"municipality_type"`
	IsDividedByGender Flag   `json:"is_divided_by_gender"`
	HasOUData         Flag   `json:"has_ou_data"`
	PublicationDate   string `json:"publication_date"`
	Auspice           string `json:"auspice"` // the responsible body: E, X, T…
}

// UnmarshalJSON reads a KPI and fails when its id is missing.
func (k *KPI) UnmarshalJSON(b []byte) error {
	type plain KPI
	var raw struct {
		plain
		ID *string `json:"id"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	id, err := required("id", raw.ID)
	if err != nil {
		return err
	}
	*k = KPI(raw.plain)
	k.ID = id
	return nil
}

// Flag is a boolean that Kolada writes as true/false or 1/0.
type Flag bool

// UnmarshalJSON reads true, false, 1, 0 and null.
func (f *Flag) UnmarshalJSON(b []byte) error {
	switch strings.TrimSpace(string(b)) {
	case "true", "1":
		*f = true
	case "false", "0", "null":
		*f = false
	default:
		return fmt.Errorf("ogiltigt sanningsvärde %s", b)
	}
	return nil
}

// Municipality is a municipality (type K) or region (type R or L).
type Municipality struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Type  string `json:"type"`
}

// UnmarshalJSON reads a municipality and fails when its id is missing.
func (m *Municipality) UnmarshalJSON(b []byte) error {
	type plain Municipality
	var raw struct {
		plain
		ID *string `json:"id"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	id, err := required("id", raw.ID)
	if err != nil {
		return err
	}
	*m = Municipality(raw.plain)
	m.ID = id
	return nil
}

// Member is a member of a municipality group.
type Member struct {
	ID    string
	Title string
}

// UnmarshalJSON reads {"member_id", "member_title"}; the title defaults to the id.
func (m *Member) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID    *string `json:"member_id"`
		Title *string `json:"member_title"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	id, err := required("member_id", raw.ID)
	if err != nil {
		return err
	}
	m.ID, m.Title = id, id
	if raw.Title != nil && *raw.Title != "" {
		m.Title = *raw.Title
	}
	return nil
}

// Group is a municipality group, such as "Stockholms läns kommuner (ovägt medel)".
type Group struct {
	ID      string
	Title   string
	Members []Member // nil when the answer did not list them
}

// UnmarshalJSON reads a group; id and title are required, members optional.
func (g *Group) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID      *string           `json:"id"`
		Title   *string           `json:"title"`
		Members []json.RawMessage `json:"members"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	id, err := required("id", raw.ID)
	if err != nil {
		return err
	}
	title, err := required("title", raw.Title)
	if err != nil {
		return err
	}
	*g = Group{ID: id, Title: title}
	for i, rm := range raw.Members {
		var m Member
		if err := json.Unmarshal(rm, &m); err != nil {
			return under(fmt.Sprintf("members[%d]", i), err)
		}
		g.Members = append(g.Members, m)
	}
	return nil
}

// Value is one gender's value in a data point. Value is nil when Kolada has no figure.
type Value struct {
	Gender string // T, K or M
	Count  int
	Status string
	Value  *float64
	Text   string // the figure as Kolada wrote it ("" for null)

	deleted bool // flagged isdeleted: Kolada withdrew the figure
}

// UnmarshalJSON keeps the figure's own digits as well as its float value.
func (v *Value) UnmarshalJSON(b []byte) error {
	var raw struct {
		Gender    *string         `json:"gender"`
		Count     int             `json:"count"`
		Status    *string         `json:"status"`
		Value     json.RawMessage `json:"value"`
		IsDeleted Flag            `json:"isdeleted"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	gender, err := required("gender", raw.Gender)
	if err != nil {
		return err
	}
	*v = Value{Gender: gender, Count: raw.Count, deleted: bool(raw.IsDeleted)}
	if raw.Status != nil {
		v.Status = *raw.Status
	}
	s := strings.TrimSpace(string(raw.Value))
	if s == "" || s == "null" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("ogiltigt värde %s", s)
	}
	v.Value, v.Text = &f, s
	return nil
}

// DataPoint is a KPI's values for a municipality (or organisational unit) and a year. The
// values Kolada flags as deleted are not in Values.
type DataPoint struct {
	KPI          string
	Municipality string
	OU           string
	Period       int
	Values       []Value

	deleted bool // flagged isdeleted as a whole
}

// UnmarshalJSON reads a data point; kpi, period and municipality (or ou) are required.
func (d *DataPoint) UnmarshalJSON(b []byte) error {
	var raw struct {
		KPI          *string           `json:"kpi"`
		Municipality *string           `json:"municipality"`
		OU           *string           `json:"ou"`
		Period       json.RawMessage   `json:"period"`
		Values       []json.RawMessage `json:"values"`
		IsDeleted    Flag              `json:"isdeleted"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	kpi, err := required("kpi", raw.KPI)
	if err != nil {
		return err
	}
	*d = DataPoint{KPI: kpi, deleted: bool(raw.IsDeleted)}
	if raw.Municipality != nil {
		d.Municipality = *raw.Municipality
	}
	if raw.OU != nil {
		d.OU = *raw.OU
	}
	if d.Municipality == "" && d.OU == "" {
		return &missingError{path: "municipality"}
	}
	// Kolada writes the year as a number; v2's description said a string, so both are read.
	p := strings.Trim(strings.TrimSpace(string(raw.Period)), `"`)
	if p == "" || p == "null" {
		return &missingError{path: "period"}
	}
	if d.Period, err = strconv.Atoi(p); err != nil {
		return fmt.Errorf("ogiltigt år %s", raw.Period)
	}
	for i, rv := range raw.Values {
		var v Value
		if err := json.Unmarshal(rv, &v); err != nil {
			return under(fmt.Sprintf("values[%d]", i), err)
		}
		if !v.deleted {
			d.Values = append(d.Values, v)
		}
	}
	return nil
}

// Gender returns the value for the gender (T, K or M), or nil.
func (d DataPoint) Gender(g string) *Value {
	for i := range d.Values {
		if d.Values[i].Gender == g {
			return &d.Values[i]
		}
	}
	return nil
}

// page is one page of a list response; its values are decoded one by one, so that an
// error can say which one.
type page struct {
	Values  json.RawMessage `json:"values"`
	NextURL string          `json:"next_url"`
}

// items decodes the page's values.
func items[T any](p *page) ([]T, error) {
	s := strings.TrimSpace(string(p.Values))
	if s == "" {
		return nil, &missingError{path: "values"}
	}
	if s == "null" {
		return nil, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(p.Values, &raws); err != nil {
		return nil, fmt.Errorf("values: %w", err)
	}
	out := make([]T, 0, len(raws))
	for i, r := range raws {
		var v T
		if err := json.Unmarshal(r, &v); err != nil {
			return nil, under(fmt.Sprintf("values[%d]", i), err)
		}
		out = append(out, v)
	}
	return out, nil
}

// missingError says that Kolada's answer lacks a field Tertial needs. Path is the field's
// place in the answer, such as "values[3].members[2].member_id".
type missingError struct{ path string }

func (e *missingError) Error() string { return "fältet " + e.path + " saknas" }

// required returns a required string field, or a missingError when it is absent, null or "".
func required(name string, v *string) (string, error) {
	if v == nil || *v == "" {
		return "", &missingError{path: name}
	}
	return *v, nil
}

// under places a missing field below prefix; other errors are prefixed as they are.
func under(prefix string, err error) error {
	var me *missingError
	if errors.As(err, &me) {
		return &missingError{path: prefix + "." + me.path}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}
