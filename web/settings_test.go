package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSettingsPage: an administrator changes the municipality's settings in the browser;
// mistakes come back beside the fields with what was typed and nothing saved; controllers,
// reporters and readers get 403 and no link.
func TestSettingsPage(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin := login(t, srv, "admin")
	settings := srv.URL + "/kommuner/0126/installningar"
	export := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		b, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if _, _, page := getAs(t, admin, srv.URL+"/kommuner/0126"); !strings.Contains(page, `<a href="/kommuner/0126/installningar">`) {
		t.Error("the municipality's page has no link to the settings for the administrator")
	}
	status, _, page := getAs(t, admin, settings)
	if status != http.StatusOK || !strings.Contains(page, `<label for="term-cutoff">`) || !strings.Contains(page, `placeholder="Brytdatum"`) ||
		!strings.Contains(page, "0180 Stockholm") || !strings.Contains(page, `placeholder="achieved; Uppnås; ✔`) {
		t.Fatalf("the settings page: %d", status)
	}
	for _, who := range []string{"controller", "rapportor", "lasare"} {
		c := login(t, srv, who)
		if _, _, page := getAs(t, c, srv.URL+"/kommuner/0126"); strings.Contains(page, "/installningar") {
			t.Errorf("%s is offered the settings", who)
		}
		if status, _, _ := getAs(t, c, settings); status != http.StatusForbidden {
			t.Errorf("%s gets the settings page: %d", who, status)
		}
		if status, _ := postAs(t, c, settings, url.Values{"namn": {"X"}, "lan": {"Y"}}); status != http.StatusForbidden {
			t.Errorf("%s's post: %d", who, status)
		}
	}
	before := export()
	good := url.Values{"namn": {"Huddinge kommun"}, "lan": {"Stockholms län"}, "lanskod": {"01"},
		"jamforelse": {"0180 Stockholm\n0136 Haninge"}, "term-cutoff": {"Per"},
		"skala-goals": {"achieved; Nås; ●\npartly; Nås delvis; ◐\nnot_achieved; Nås inte; ○\nnot_assessable; Går inte att bedöma; –"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range good {
			f[kk] = vv
		}
		f.Set(k, v)
		return f
	}
	for _, c := range []struct {
		name, field, text string
		form              url.Values
	}{
		{"county code", "lanskod", "två siffror", with("lanskod", "1")},
		{"comparison line", "jamforelse", "Rad 2: skriv kommunkod och namn", with("jamforelse", "0180 Stockholm\nHaninge")},
		{"comparison twice", "jamforelse", "Rad 2: Kommunkoden", with("jamforelse", "0180 Stockholm\n0180 Stockholm")},
		{"scale line", "skala-goals", "Rad 1: skriv id; namn; symbol", with("skala-goals", "achieved Nås")},
		{"scale without a used level", "skala-goals", "Okänd bedömning", with("skala-goals", "bra; Bra; +")},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, page := postAs(t, admin, settings, c.form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("%d", status)
			}
			if !strings.Contains(page, `class="error-summary"`) || !strings.Contains(page, `<a href="#`+c.field+`">`) {
				t.Error("no error summary linking to the field")
			}
			i := strings.Index(page, `<label for="`+c.field+`">`)
			j := strings.Index(page[max(i, 0):], `id="`+c.field+`"`)
			if i < 0 || j < 0 || !strings.Contains(page[i:i+j], c.text) || !strings.Contains(page[i+j:min(len(page), i+j+600)], `aria-invalid="true"`) {
				t.Errorf("no %q beside %s", c.text, c.field)
			}
			if !strings.Contains(page, `value="Per"`) {
				t.Error("the typed word is lost")
			}
			if export() != before {
				t.Error("the database changed")
			}
		})
	}
	if status, _ := postAs(t, admin, settings, good); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	m := ds.Municipality
	if len(m.Comparison) != 2 || m.Comparison[1].Code != "0136" || m.Vocabulary[tertial.TermCutoff] != "Per" || len(m.Scales[tertial.ScaleGoals]) != 4 ||
		m.Scales[tertial.ScaleGoals][1].Name != "Nås delvis" || m.Scales[tertial.ScaleIndicators] != nil {
		t.Errorf("saved: %+v", m)
	}
	if _, _, page := getAs(t, admin, settings+"?sparad=1"); !strings.Contains(page, "Inställningarna är sparade") || !strings.Contains(page, `value="Per"`) {
		t.Error("the saved settings are not shown")
	}
}
