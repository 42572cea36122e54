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

// freeForm is the free table's form as a browser posts it: two columns (a text and an
// amount), a group with a row, a row outside it and a computed row.
func freeForm() url.Values {
	return url.Values{
		"titel": {"Bidrag"}, "enhet": {"tkr"}, "decimaler": {"0"}, "summarad": {"Summa"},
		"k0-id": {"namn"}, "k0-rubrik": {"Bidrag"}, "k0-typ": {"text"},
		"k1-id": {"belopp"}, "k1-rubrik": {"Belopp"}, "k1-typ": {"amount"}, "k1-summa": {"ja"},
		"k2-id": {""}, "k2-rubrik": {""}, "k2-typ": {"text"},
		"r0-id": {"stat"}, "r0-grupp": {"ja"}, "r0-text": {"Statliga"}, "r0-summa": {"bottom"}, "r0-summatext": {"Summa statliga"},
		"r1-id": {"msb"}, "r1-i": {"stat"},
		"r2-id": {"eu"}, "r2-enhet": {"st"},
		"r3-id": {"alla"}, "r3-formel": {"msb + eu"},
		"r4-id": {""}, "r4-text": {""},
	}
}

// TestFreeTableStructureForms: a controller creates a free table and builds its columns,
// rows, groups and formulas in the browser; a formula naming a column the table lacks and a
// duplicate row ID come back beside their fields with nothing saved; values stay with their
// row and column; removing a column with values is refused, naming it, until confirmed; a
// table the template shows is not deleted; reporters get 403.
func TestFreeTableStructureForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		per := srv.URL + "/kommuner/0126/enheter/ks/perioder/2021-08"
		base := per + "/struktur/fria-tabeller"
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
		if _, _, page := getAs(t, session, per+"/struktur/tabeller"); !strings.Contains(page, `href="/kommuner/0126/enheter/ks/perioder/2021-08/struktur/fria-tabeller/statsbidrag"`) {
			t.Error("the tables page does not link to the free tables")
		}
		reporter := login(t, srv, "rapportor")
		if status, _, _ := getAs(t, reporter, base); status != http.StatusForbidden {
			t.Errorf("reporter GET: %d", status)
		}
		if status, _ := postAs(t, reporter, base, url.Values{"id": {"x"}, "titel": {"X"}, "enhet": {"tkr"}}); status != http.StatusForbidden {
			t.Errorf("reporter POST: %d", status)
		}
		if status, _ := postAs(t, reporter, base+"/statsbidrag", freeForm()); status != http.StatusForbidden {
			t.Errorf("reporter POST table: %d", status)
		}
		before := export()
		// An ID a money table has: beside the field, typed values kept, nothing saved.
		status, page := postAs(t, session, base, url.Values{"id": {"drift"}, "titel": {"Ny tabell"}, "enhet": {"tkr"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="id-fel"`) || !strings.Contains(page, `value="Ny tabell"`) {
			t.Errorf("duplicate table id: %d", status)
		}
		if export() != before {
			t.Error("a refused new table changed the data")
		}
		if status, _ := postAs(t, session, base, url.Values{"id": {"bidrag"}, "titel": {"Bidrag"}, "enhet": {"tkr"}}); status != http.StatusSeeOther {
			t.Fatalf("create: %d", status)
		}
		tableURL := base + "/bidrag"
		if status, _, page := getAs(t, session, tableURL); status != http.StatusOK || !strings.Contains(page, `name="k0-id" type="text" value="benamning"`) {
			t.Fatalf("table page: %d", status)
		}
		before = export()
		// A column formula naming a column that does not exist.
		bad := freeForm()
		bad.Set("k2-id", "netto")
		bad.Set("k2-rubrik", "Netto")
		bad.Set("k2-typ", "amount")
		bad.Set("k2-formel", "belopp - saknas")
		status, page = postAs(t, session, tableURL, bad)
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="k2-formel-fel"`) || !strings.Contains(page, `&#34;saknas&#34; som inte finns`) ||
			!strings.Contains(page, `value="belopp - saknas"`) || !strings.Contains(page, `href="#k2-formel"`) {
			t.Errorf("bad formula: %d", status)
		}
		// A formula that cannot be read at all.
		bad.Set("k2-formel", "belopp -")
		if status, page := postAs(t, session, tableURL, bad); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="k2-formel-fel"`) {
			t.Errorf("unreadable formula: %d", status)
		}
		// A row ID used twice.
		bad = freeForm()
		bad.Set("r2-id", "msb")
		status, page = postAs(t, session, tableURL, bad)
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="r2-id-fel"`) || !strings.Contains(page, "redan en rad &#34;msb&#34;") {
			t.Errorf("duplicate row id: %d", status)
		}
		// A row formula naming a row the table lacks.
		bad = freeForm()
		bad.Set("r3-formel", "msb + saknas")
		if status, page := postAs(t, session, tableURL, bad); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="r3-formel-fel"`) {
			t.Errorf("bad row formula: %d", status)
		}
		if export() != before {
			t.Error("a refused form changed the data")
		}
		if status, _ := postAs(t, session, tableURL, freeForm()); status != http.StatusSeeOther {
			t.Fatalf("save: %d", status)
		}
		got := freeTable(t, db, "bidrag")
		if got.Title != "Bidrag" || got.SumLabel != "Summa" || len(got.Columns) != 2 || got.Columns[1].Type != tertial.ColAmount || !got.Columns[1].Sum ||
			len(got.Rows) != 3 || !got.Rows[0].Group || got.Rows[0].Rows[0].ID != "msb" || got.Rows[0].Sum != tertial.SumBottom ||
			got.Rows[1].Unit != "st" || got.Rows[2].Formula.String() != "msb + eu" {
			t.Fatalf("saved table %+v", got)
		}
		// Values entered in the table stay when the structure changes around them.
		if _, err := db.SaveFreeRow(context.Background(), store.Edit{Actor: "controller", Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"},
			Version: got.Rows[1].Version}, "bidrag", "eu", map[string]tertial.Cell{"namn": {Text: "EU-bidrag"}, "belopp": {Amount: 500000}}); err != nil {
			t.Fatal(err)
		}
		_, _, page = getAs(t, session, tableURL)
		if !strings.Contains(page, "Rad 3: EU-bidrag") {
			t.Error("the row is not named by its text")
		}
		posted := formValues(page, "/struktur/fria-tabeller/bidrag")
		posted.Set("k0-rubrik", "Bidragets namn")
		posted.Set("flytta", "r2-upp") // eu before the group
		if status, _ := postAs(t, session, tableURL, posted); status != http.StatusSeeOther {
			t.Fatalf("rename and move: %d", status)
		}
		got = freeTable(t, db, "bidrag")
		if got.Columns[0].Label != "Bidragets namn" || got.Rows[0].ID != "eu" || got.Rows[0].Cells["belopp"].Amount != 500000 || got.Rows[0].Cells["namn"].Text != "EU-bidrag" {
			t.Errorf("after rename and move: %+v", got.Rows[0])
		}
		// Removing the amount column, which holds a value: refused, naming row and column.
		_, _, page = getAs(t, session, tableURL)
		posted = formValues(page, "/struktur/fria-tabeller/bidrag")
		posted.Set("k1-bort", "ja")
		before = export()
		status, page = postAs(t, session, tableURL, posted)
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="rensa-fel"`) || !strings.Contains(page, "Raden &#34;eu&#34; har ett värde i kolumnen &#34;belopp&#34;") {
			t.Errorf("removing a column with values: %d", status)
		}
		if export() != before {
			t.Error("a refused removal changed the data")
		}
		posted.Set("rensa", "ja")
		if status, _ := postAs(t, session, tableURL, posted); status != http.StatusSeeOther {
			t.Fatalf("confirmed removal: %d", status)
		}
		if got = freeTable(t, db, "bidrag"); len(got.Columns) != 1 || got.Rows[0].Cells["namn"].Text != "EU-bidrag" {
			t.Errorf("after the confirmed removal: %+v", got)
		}
		// The demo's statsbidrag is shown by the period's template: not deleted.
		status, page = postAs(t, session, base+"/statsbidrag/ta-bort", url.Values{"rensa-alla": {"ja"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, "rapportmall &#34;delarsrapport&#34;") {
			t.Errorf("deleting a table the template shows: %d", status)
		}
		// bidrag has a value: deleting it needs the confirmation.
		if status, page := postAs(t, session, tableURL+"/ta-bort", url.Values{}); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="rensa-alla-fel"`) {
			t.Errorf("deleting a table with values: %d", status)
		}
		if status, _ := postAs(t, session, tableURL+"/ta-bort", url.Values{"rensa-alla": {"ja"}}); status != http.StatusSeeOther {
			t.Errorf("delete: %d", status)
		}
		ds, _ := db.Dataset(context.Background(), "0126")
		for _, x := range ds.Period("ks", "2021-08").FreeTables {
			if x.ID == "bidrag" {
				t.Error("the table is still there")
			}
		}
	})
}

func freeTable(t *testing.T, db *store.DB, id string) *tertial.FreeTable {
	t.Helper()
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	per := ds.Period("ks", "2021-08")
	for i := range per.FreeTables {
		if per.FreeTables[i].ID == id {
			return &per.FreeTables[i]
		}
	}
	t.Fatalf("no free table %q", id)
	return nil
}
