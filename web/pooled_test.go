package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// pooledDataset is the demo with Resultat exkl exploatering's stage target for 2021 pooled
// over 2020–2022 and 2020 given as numerator and denominator (430 / 7 050 = 6,1 %).
func pooledDataset(t *testing.T) *tertial.Dataset {
	t.Helper()
	ds := demoDataset(t)
	for i := range ds.Indicators {
		ind := &ds.Indicators[i]
		if ind.ID != "resultat-exkl-exploatering" {
			continue
		}
		n, d := tertial.MustParseDecimal("430"), tertial.MustParseDecimal("7050")
		ind.ValueFor(2020).Numerator, ind.ValueFor(2020).Denominator = &n, &d
		tg, err := tertial.ParseTarget("≥2 % över 2020–2022")
		if err != nil {
			t.Fatal(err)
		}
		ind.TargetEntry(2021).Target = tg
		return ds
	}
	t.Fatal("the demo has no resultat-exkl-exploatering")
	return nil
}

// TestValueFormRatios: an indicator with a pooled target has fields for numerator and
// denominator (others do not); a value left empty is computed from them, shown empty
// again, and one that does not agree with them is refused beside the field.
func TestValueFormRatios(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, pooledDataset(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/indikator/resultat-exkl-exploatering/2021"
	_, _, page := getAs(t, cookie, u)
	for _, want := range []string{`name="taljare"`, `name="namnare"`, "Lämna tomt för att räkna ut det ur täljare och nämnare"} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	if _, _, other := getAs(t, cookie, srv.URL+periodPath+"/redigera/indikator/sjukfranvaro/2021"); strings.Contains(other, `name="taljare"`) {
		t.Error("an indicator without ratios has a numerator field")
	}

	post := func(fields url.Values) (int, string) {
		t.Helper()
		form := url.Values{"version": {formVersion(t, cookie, u)}, "typ": {"forecast"}, "saknas": {""}, "kommentar": {""}, "atgard": {"spara"}}
		for k, v := range fields {
			form[k] = v
		}
		return postAs(t, cookie, u, form)
	}
	if code, body := post(url.Values{"varde": {""}, "taljare": {"410"}, "namnare": {"7 320"}}); code != http.StatusSeeOther {
		t.Fatalf("numerator and denominator: %d\n%s", code, text(body))
	}
	// 410 / 7 320 × 100 = 5,60… %
	if v := storedValue(t, db, "resultat-exkl-exploatering", 2021); v.Value == nil || v.Value.String() != "5.6" || !v.Computed ||
		v.Numerator.String() != "410" || v.Denominator.String() != "7320" {
		t.Errorf("stored %+v", v)
	}
	got := map[string]string{}
	_, _, page = getAs(t, cookie, u)
	for _, m := range decimalInputRe.FindAllStringSubmatch(page, -1) {
		got[m[1]] = m[2]
	}
	if got["varde"] != "" || got["taljare"] != "410" || got["namnare"] != "7\u00a0320" {
		t.Errorf("the form shows %v", got)
	}
	// The period page shows the pooled figure: (430 + 410) / (7 050 + 7 320) = 5,85 %.
	if _, _, period := getAs(t, cookie, srv.URL+periodPath); !strings.Contains(period, "≥2\u00a0% över 2020–2022 <span class=\"detail\">(sammanvägt hittills 2020–2021: 5,8\u00a0%)</span>") {
		t.Error("the period page does not show the pooled figure")
	}

	for _, c := range []struct {
		name   string
		fields url.Values
		field  string
		says   string
	}{
		{"a value that does not agree", url.Values{"varde": {"5,9"}, "taljare": {"410"}, "namnare": {"7320"}}, "varde", "stämmer inte med täljaren och nämnaren"},
		{"a numerator that is not a number", url.Values{"varde": {""}, "taljare": {"fyrahundra"}, "namnare": {"7320"}}, "taljare", "Täljaren måste vara ett tal"},
		{"a denominator alone", url.Values{"varde": {""}, "taljare": {""}, "namnare": {"7320"}}, "taljare", "Täljaren saknas"},
		{"a zero denominator", url.Values{"varde": {""}, "taljare": {"410"}, "namnare": {"0"}}, "namnare", "ska vara större än noll"},
	} {
		code, page := post(c.fields)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `<a href="#`+c.field+`">`) || !strings.Contains(page, c.says) {
			t.Errorf("%s: %d, want the error %q at %s:\n%s", c.name, code, c.says, c.field, text(page))
		}
	}
	if v := storedValue(t, db, "resultat-exkl-exploatering", 2021); v.Value.String() != "5.6" || !v.Computed {
		t.Errorf("a refused save changed the value: %+v", v)
	}
}

// TestAPIRatios: the API takes numerator and denominator by the same rules, answers with
// the computed value, and states what a pooled target was judged on.
func TestAPIRatios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, pooledDataset(t))
		u := "/api/v1/indicators/resultat-exkl-exploatering/values/2021"
		tok := tokens["controller"]
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"a value that does not agree", map[string]any{"version": 1, "value": "5.9", "numerator": "410", "denominator": "7320"}, "value"},
			{"a numerator alone", map[string]any{"version": 1, "numerator": "410"}, "denominator"},
			{"a numerator that is not a number", map[string]any{"version": 1, "numerator": "x", "denominator": "7320"}, "numerator"},
			{"a negative denominator", map[string]any{"version": 1, "numerator": "410", "denominator": "-7320"}, "denominator"},
		} {
			r := call(t, srv, "PUT", u, tok, c.body)
			if r.status != 422 || path(r.body, "error", "fields", 0, "field") != c.field {
				t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.status, r.raw, c.field)
			}
		}
		r := call(t, srv, "PUT", u, tok, map[string]any{"version": 1, "kind": "forecast", "numerator": "410", "denominator": "7320"})
		if r.status != 200 {
			t.Fatalf("save: %d %s", r.status, r.raw)
		}
		validate(t, "SavedIndicatorValue", r.raw)
		for k, want := range map[string]any{"value": "5.6", "computed": true, "numerator": "410", "denominator": "7320", "display": "5,6"} {
			if r.body[k] != want {
				t.Errorf("saved %s = %v, want %v", k, r.body[k], want)
			}
		}
		r = call(t, srv, "GET", ksPeriod, tokens["lasare"], nil)
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		validate(t, "PeriodDoc", r.raw)
		var found map[string]any
		var walk func(goals any)
		walk = func(goals any) {
			for _, g := range goals.([]any) {
				g := g.(map[string]any)
				for _, ind := range g["indicators"].([]any) {
					if ind := ind.(map[string]any); ind["id"] == "resultat-exkl-exploatering" {
						found = ind
					}
				}
				if sub, ok := g["goals"]; ok && sub != nil {
					walk(sub)
				}
			}
		}
		walk(r.body["goals"])
		if found == nil {
			t.Fatal("the period has no resultat-exkl-exploatering")
		}
		// (430 + 410) / (7 050 + 7 320) = 840 / 14 370 = 5,85 %
		a := found["assessment"]
		for _, c := range []struct {
			keys []any
			want any
		}{
			{[]any{"target"}, "≥2 % över 2020–2022"}, {[]any{"result"}, "reaches"}, {[]any{"provisional"}, true},
			{[]any{"basis"}, "sammanvägt hittills 2020–2021: 5,8\u00a0%"},
			{[]any{"pooled", "from"}, float64(2020)}, {[]any{"pooled", "to"}, float64(2021)}, {[]any{"pooled", "so_far"}, true},
			{[]any{"pooled", "numerator"}, "840"}, {[]any{"pooled", "denominator"}, "14370"}, {[]any{"pooled", "value"}, "5.8"},
		} {
			if got := path(a, c.keys...); got != c.want {
				t.Errorf("assessment %v = %v, want %v", c.keys, got, c.want)
			}
		}
		if v := path(found, "values", 1); path(v, "numerator") != "430" || path(v, "computed") != false || path(v, "value") != "6.1" {
			t.Errorf("2020: %v", v)
		}
	})
}
