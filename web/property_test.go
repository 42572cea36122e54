package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestNoSaveBreaksTheExport is a property test: random sequences of saves through the
// site's forms and the API, many of them invalid (unknown choices, control characters,
// line breaks of every kind, numbers that are not numbers, stale versions), never give a
// 500, and whatever they leave stored exports to a file that imports again and exports to
// the same bytes. The export is the municipality's backup, so it must always import.
//
// TERTIAL_PROPERTY_STEPS sets the number of saves per database (default 120) and
// TERTIAL_PROPERTY_SEED the first seed, to reproduce a failure.
func TestNoSaveBreaksTheExport(t *testing.T) {
	steps := 120
	if n, err := strconv.Atoi(os.Getenv("TERTIAL_PROPERTY_STEPS")); err == nil && n > 0 {
		steps = n
	}
	seed := uint64(1)
	if n, err := strconv.ParseUint(os.Getenv("TERTIAL_PROPERTY_SEED"), 10, 64); err == nil {
		seed = n
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		cookies := map[string]string{"controller": login(t, srv, "controller"), "rapportor": login(t, srv, "rapportor")}
		_, _, index := getAs(t, cookies["controller"], srv.URL+periodPath+"/redigera")
		links := editLinks.FindAllStringSubmatch(index, -1)
		if len(links) < 50 {
			t.Fatalf("the edit index lists %d forms; the demo has more than 50", len(links))
		}
		rng := rand.New(rand.NewPCG(seed, 0x7e27))
		saved := map[string]int{}
		for step := range steps {
			link := html.UnescapeString(links[rng.IntN(len(links))][1])
			user := []string{"controller", "rapportor"}[rng.IntN(2)]
			u := srv.URL + periodPath + "/redigera/" + link
			status, _, form := getAs(t, cookies[user], u)
			if status == http.StatusForbidden { // the reporter's forms exclude the controller's
				continue
			}
			if status != http.StatusOK {
				t.Fatalf("step %d: GET %s as %s: %d", step, link, user, status)
			}
			version := versionRe.FindStringSubmatch(form)[1]
			if rng.IntN(10) == 0 {
				version = strconv.Itoa(rng.IntN(5)) // often stale
			}
			var code int
			var what string
			if api, body := apiEdit(link, form, rng); api != "" && rng.IntN(2) == 0 {
				v, _ := strconv.Atoi(version)
				body["version"] = v
				r := call(t, srv, "PUT", api, tokens[user], body)
				code, what = r.status, fmt.Sprintf("PUT %s %v: %s", api, body, r.raw)
			} else {
				values := randomForm(form, rng)
				values.Set("version", version)
				values.Set("atgard", "spara")
				var page string
				code, page = postAs(t, cookies[user], u, values)
				what = fmt.Sprintf("POST %s %q: %.300s", link, values, text(page))
			}
			switch code {
			case http.StatusOK, http.StatusSeeOther:
				saved[strings.SplitN(link, "/", 2)[0]]++
			case http.StatusUnprocessableEntity, http.StatusConflict, http.StatusBadRequest:
			default:
				t.Fatalf("step %d (seed %d) as %s: status %d\n%s", step, seed, user, code, what)
			}
		}
		t.Logf("saves that succeeded, by kind of form: %v", saved)
		if len(saved) < 5 {
			t.Errorf("saves succeeded only for %v: the property was hardly tested", saved)
		}
		ctx := context.Background()
		first := export(t, db)
		ds, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export after random saves does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, ds); err != nil {
			t.Fatalf("the store refuses the export: %v", err)
		}
		if second := export(t, fresh); !bytes.Equal(first, second) {
			t.Errorf("export → import → export changed the file:\n%s", firstDiff(first, second))
		}
	})
}

var editLinks = regexp.MustCompile(`href="` + regexp.QuoteMeta(periodPath) + `/redigera/([^"?#]+)"`)

// export is what tertial export writes.
func export(t *testing.T, db *store.DB) []byte {
	t.Helper()
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	data, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %q\n+ %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

var (
	formFields = regexp.MustCompile(`<(input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>`)
	selects    = regexp.MustCompile(`(?s)<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>`)
	options    = regexp.MustCompile(`<option value="([^"]*)"`)
)

// randomForm fills a form's fields with values a person could type or a tampered request
// could send.
func randomForm(form string, rng *rand.Rand) url.Values {
	choices := map[string][]string{}
	for _, m := range selects.FindAllStringSubmatch(form, -1) {
		for _, o := range options.FindAllStringSubmatch(m[2], -1) {
			choices[m[1]] = append(choices[m[1]], html.UnescapeString(o[1]))
		}
	}
	v := url.Values{}
	for _, m := range formFields.FindAllStringSubmatch(form, -1) {
		name := m[2]
		if name == "version" || name == "atgard" || strings.Contains(m[0], `type="hidden"`) {
			continue
		}
		switch {
		case len(choices[name]) > 0 && rng.IntN(8) > 0:
			v.Set(name, choices[name][rng.IntN(len(choices[name]))])
		case len(choices[name]) > 0:
			v.Set(name, "bogus")
		case m[1] == "textarea":
			v.Set(name, randomText(rng))
		default:
			v.Set(name, randomScalar(rng))
		}
	}
	return v
}

var texts = []string{"", "Vanlig text.", "  mellanslag  ", "rad 1\r\nrad 2", "rad\rett", "a\x00b", "\t", "tabb\tmitt",
	"**fet** och *kursiv*", "- lista\n- två", "emoji 😀", "rad\u2028sep", "# rubrik", "nyckel: värde", "'citat'",
	`"dubbel"`, "---", "> citat", "slut med mellanslag   \nnästa", "\n\nledande tomrader", "<script>alert(1)</script>",
	"ﬁ ligatur", "hårt\u00a0mellanslag", "\x1b[31mröd", "klocka\a", "|tabell|", "&amp; entitet", "\\ bakstreck", "~~~"}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(4) {
		b.WriteString(texts[rng.IntN(len(texts))])
	}
	return b.String()
}

var scalars = []string{"", "0", "12,5", "-1 234,56", "−3", "1e5", "abc", "99999999999999999999", "0,000001", " 7 ",
	"≥2", "<7,9 %", "48", "+5,5 km", "Länssnitt", "Topp tre i länet", "Plats 13 i länet", "≥", "2021-05-01", "2021-13-40",
	"100", "101", "-1", "50 %", "3\x00", "MSB, Kris", "1,5", "9223372036854775807", "4 577"}

func randomScalar(rng *rand.Rand) string {
	switch rng.IntN(6) {
	case 0:
		return randomText(rng)
	case 1, 2:
		return "" // valid for every field that may be empty, so that whole rows save too
	}
	return scalars[rng.IntN(len(scalars))]
}

// apiEdit is the API's edit of the form's item, with a random body, or "" when the API has
// none for it.
func apiEdit(link, form string, rng *rand.Rand) (string, map[string]any) {
	parts := strings.Split(link, "/")
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	maybe := func(body map[string]any, key string, v any) {
		if rng.IntN(3) > 0 {
			body[key] = v
		}
	}
	body := map[string]any{}
	switch parts[0] {
	case "indikator":
		maybe(body, "value", pick("", "4.5", "12", "-0.25", "x", "1,5", "99999999999999999999"))
		maybe(body, "kind", pick("", "outcome", "forecast", "preliminary", "guess"))
		maybe(body, "missing", pick("", "not_measured", "not_reported", "bogus"))
		maybe(body, "note", randomText(rng))
		if strings.Contains(form, `name="kvinnor"`) || rng.IntN(5) == 0 {
			maybe(body, "women", pick("", "3.1", "y"))
			maybe(body, "men", pick("", "2.9"))
		}
		return "/api/v1/indicators/" + parts[1] + "/values/" + parts[2], withPeriod(body)
	case "mal":
		maybe(body, "assessment", pick("", "achieved", "partly", "not_achieved", "bogus"))
		maybe(body, "analysis", randomText(rng))
		return ksPeriod + "/goals/" + parts[1], body
	case "uppdrag", "kontroll":
		maybe(body, "status", pick("", "done", "started", "on_track", "cancelled", "bogus"))
		maybe(body, "progress", rng.IntN(130)-10)
		maybe(body, "comment", randomText(rng))
		path := "/assignments/"
		if parts[0] == "kontroll" {
			path = "/internal-control/"
		}
		return ksPeriod + path + parts[1], body
	case "text":
		maybe(body, "body", randomText(rng))
		return ksPeriod + "/texts/" + parts[1], body
	}
	return "", nil
}

func withPeriod(body map[string]any) map[string]any {
	body["unit"], body["period"] = "ks", "2021-08"
	return body
}
