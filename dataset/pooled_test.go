package dataset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
)

// pooledIndicator is an indicator in percent whose values are given as numerators and
// denominators, one with the value written out too, and a stage target pooled over three
// years.
const pooledIndicator = `  - id: resultat
    goal: kf-1
    name: Resultat
    unit: "%"
    direction: higher
    decimals: 1
    values:
      - {year: 2023, numerator: 10, denominator: 1000}
      - {year: 2024, value: 3.5, numerator: 105, denominator: 3000.0}
    targets:
      - {year: 2024, target: "≥2 % 2023-2025"}
`

// pooledBase is the bad-input base with the pooled indicator after the first.
func pooledBase(t *testing.T) string {
	t.Helper()
	const at = "assignments:\n"
	if !strings.Contains(valid, at) {
		t.Fatal("the base has no assignments to put the indicator before")
	}
	return strings.Replace(valid, at, pooledIndicator+at, 1)
}

// lineOf returns the line of the first occurrence of s in src.
func lineOf(t *testing.T, src, s string) int {
	t.Helper()
	i := strings.Index(src, s)
	if i < 0 {
		t.Fatalf("%q not in the file", s)
	}
	return 1 + strings.Count(src[:i], "\n")
}

// Numerators, denominators and pooled targets are read, the value computed where it is
// left out, and written back the same: the computed value is not written, the given one is,
// the target in its canonical form.
func TestPooledRoundTrip(t *testing.T) {
	src := pooledBase(t)
	ds, err := dataset.Decode([]byte(src), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ind := &ds.Indicators[1]
	v23, v24 := ind.ValueFor(2023), ind.ValueFor(2024)
	if v23.Value == nil || v23.Value.String() != "1.0" || !v23.Computed || v23.Numerator.String() != "10" || v23.Denominator.String() != "1000" {
		t.Errorf("2023: %+v", v23)
	}
	if v24.Value.String() != "3.5" || v24.Computed || v24.Denominator.String() != "3000.0" {
		t.Errorf("2024: %+v", v24)
	}
	if tg := ind.TargetFor(2024); tg.From != 2023 || tg.To != 2025 || tg.Kind != tertial.TargetAtLeast {
		t.Errorf("target %+v", tg)
	}
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- {year: 2023, numerator: 10, denominator: 1000}\n", "- {year: 2024, value: 3.5, numerator: 105, denominator: 3000.0}\n",
		"- {year: 2024, target: ≥2 % över 2023–2025}\n"} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("export lacks %q", want)
		}
	}
	again, err := dataset.Decode(first, "export.yaml")
	if err != nil {
		t.Fatalf("the export does not import: %v", err)
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
	s := compileSchema(t)
	for name, data := range map[string][]byte{"as written": []byte(src), "as exported": first} {
		if err := validateYAML(t, s, data); err != nil {
			t.Errorf("the schema rejects the pooled dataset %s: %v", name, err)
		}
	}
	for name, bad := range map[string]string{
		"numerator alone":          strings.Replace(src, "numerator: 10, denominator: 1000}", "numerator: 10}", 1),
		"missing with a numerator": strings.Replace(src, "{year: 2023, numerator", "{year: 2023, missing: not_reported, numerator", 1),
		"a pooled change":          strings.Replace(src, `"≥2 % 2023-2025"`, `"+2 över 2023–2025"`, 1),
	} {
		if err := validateYAML(t, s, []byte(bad)); err == nil {
			t.Errorf("the schema accepts %s", name)
		}
	}
}

// The demo with a pooled target and numerators and denominators (some values computed)
// survives export and import byte for byte.
func TestPooledDemoRoundTrip(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	var ind *tertial.Indicator
	for i := range ds.Indicators {
		if ds.Indicators[i].InPercent() && ds.Indicators[i].TargetEntry(2021) != nil && ds.Indicators[i].ValueFor(2020) != nil {
			ind = &ds.Indicators[i]
			break
		}
	}
	if ind == nil {
		t.Fatal("the demo has no indicator in % with a value for 2020 and a target for 2021")
	}
	n, d := tertial.MustParseDecimal("123.45"), tertial.MustParseDecimal("6789.0")
	v := ind.ValueFor(2020)
	v.Value, v.Numerator, v.Denominator = nil, &n, &d
	ind.DeriveValues()
	if ind.TargetEntry(2021).Target, err = tertial.ParseTarget("≥1,5 % under treårsperioden 2019–2021"); err != nil {
		t.Fatal(err)
	}
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(first, []byte("{year: 2020, numerator: 123.45, denominator: 6789.0")) || !bytes.Contains(first, []byte("target: '≥1,5 % över 2019–2021'}")) {
		t.Fatalf("the export lacks the numerator and denominator or the pooled target:\n%s", first[bytes.Index(first, []byte("id: "+ind.ID)):][:600])
	}
	again, err := dataset.Decode(first, "demo.yaml")
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
}

// Mistakes in numerators, denominators and pooled targets give the file, the line, the
// field and what is wrong.
func TestPooledBadInput(t *testing.T) {
	base := pooledBase(t)
	l23, l24 := lineOf(t, base, "{year: 2023, numerator"), lineOf(t, base, "{year: 2024, value: 3.5")
	lt := lineOf(t, base, `target: "≥2 % 2023-2025"`)
	targets := lineOf(t, base, "    targets:\n      - {year: 2024, target: \"≥2")
	for _, c := range []struct {
		name       string
		old, new   string
		line       int
		path, text string
	}{
		{"a value that does not agree", "value: 3.5, numerator: 105", "value: 3.6, numerator: 105",
			l24, "indicators[1].values[1].value", "värdet 3.6 stämmer inte med täljaren och nämnaren: 105 / 3000.0 × 100 = 3.5"},
		{"a numerator without a denominator", "numerator: 10, denominator: 1000}", "numerator: 10}",
			l23, "indicators[1].values[0].denominator", "nämnaren saknas"},
		{"a zero denominator", "denominator: 1000}", "denominator: 0}",
			l23, "indicators[1].values[0].denominator", "nämnaren 0 ska vara större än noll"},
		{"a numerator that is not a number", "numerator: 10,", "numerator: tio,",
			l23, "indicators[1].values[0].numerator", `"tio" är inte ett tal`},
		{"missing with a numerator", "{year: 2023, numerator", "{year: 2023, missing: not_reported, numerator",
			l23, "indicators[1].values[0].missing", "täljare och nämnare kan inte finnas när värdet saknas"},
		{"a pooled target not covering its year", `"≥2 % 2023-2025"`, `"≥2 % 2025-2027"`,
			lt, "indicators[1].targets[0].target", "gäller 2025–2027, som inte omfattar målets år 2024"},
		{"a pooled change", `"≥2 % 2023-2025"`, `"+2 över 2023-2025"`,
			lt, "indicators[1].targets[0].target", "bara en nivå kan gälla flera år"},
		{"a period of the wrong length", `"≥2 % 2023-2025"`, `"≥2 % över tvåårsperioden 2023-2025"`,
			lt, "indicators[1].targets[0].target", "2023–2025 är 3 år, inte tvåårsperioden"},
		{"a pooled long-term target not covering its year", "    targets:\n      - {year: 2024, target: \"≥2",
			"    long_term: {year: 2030, target: \"≥2 % över 2023–2025\"}\n    targets:\n      - {year: 2024, target: \"≥2",
			targets, "indicators[1].long_term.target", "som inte omfattar målets år 2030"},
	} {
		t.Run(c.name, func(t *testing.T) {
			badInput(t, base, c.old, c.new, c.line, c.path, c.text)
		})
	}
}
