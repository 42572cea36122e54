package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestInternalControlPages: a controller adds, changes and deletes risks and controls in
// the browser, with mistakes beside the fields; the risk matrix puts each risk in the cell
// of its probability and consequence, as a table with headers and the level in text;
// reporters get 403.
func TestInternalControlPages(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	controller := session
	ic := srv.URL + "/kommuner/0126/struktur/intern-kontroll"
	if _, _, page := getAs(t, controller, srv.URL+"/kommuner/0126"); !strings.Contains(page, `<a href="/kommuner/0126/struktur/intern-kontroll">`) {
		t.Error("no link to the internal control")
	}
	status, _, page := getAs(t, controller, ic)
	if status != http.StatusOK || !strings.Contains(page, `<label for="risker-sannolikhet">Sannolikhet</label>`) || !strings.Contains(page, `<label for="kontroller-syfte">`) {
		t.Fatalf("the internal-control page: %d", status)
	}
	reporter := login(t, srv, "rapportor")
	for _, u := range []string{ic, ic + "/riskmatris"} {
		if status, _, _ := getAs(t, reporter, u); status != http.StatusForbidden {
			t.Errorf("%s for a reporter: %d", u, status)
		}
	}
	if status, _ := postAs(t, reporter, ic+"/risker", url.Values{"risker-id": {"x"}}); status != http.StatusForbidden {
		t.Errorf("a reporter's post: %d", status)
	}

	// A risk without a text and with an ID in use: the errors beside the fields.
	status, page = postAs(t, controller, ic+"/risker", url.Values{"risker-id": {"risk-brandskydd"}, "risker-enhet": {"ks"}, "risker-process": {"Typed process"}, "risker-sannolikhet": {"3"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad risk: %d", status)
	}
	for field, text := range map[string]string{"risker-id": "finns redan", "risker-text": "saknas"} {
		i := strings.Index(page, `<label for="`+field+`">`)
		j := strings.Index(page[max(i, 0):], `id="`+field+`"`)
		if i < 0 || j < 0 || !strings.Contains(page[i:i+j], text) || !strings.Contains(page[i+j:min(len(page), i+j+300)], `aria-invalid="true"`) {
			t.Errorf("no %q beside %s", text, field)
		}
		if !strings.Contains(page, `<a href="#`+field+`">`) {
			t.Errorf("the summary does not link to %s", field)
		}
	}
	if !strings.Contains(page, `value="Typed process"`) {
		t.Error("the typed process is lost")
	}

	if status, _ := postAs(t, controller, ic+"/risker", url.Values{"risker-id": {"risk-inkop"}, "risker-enhet": {"ks"}, "risker-process": {"Inköp"},
		"risker-text": {"Felaktiga inköp"}, "risker-sannolikhet": {"4"}, "risker-konsekvens": {"2"}}); status != http.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	if status, _ := postAs(t, controller, ic+"/kontroller", url.Values{"kontroller-id": {"kontroll-fakturor"}, "kontroller-enhet": {"ksf"},
		"kontroller-text": {"Stickprov på fakturor"}, "kontroller-ansvarig": {"Ekonomichefen"}}); status != http.StatusSeeOther {
		t.Fatalf("create control: %d", status)
	}
	// Rescored: probability 5, consequence 3.
	if status, _ := postAs(t, controller, ic+"/risker/risk-inkop", url.Values{"enhet": {"ks"}, "process": {"Inköp"}, "text": {"Felaktiga inköp"},
		"sannolikhet": {"5"}, "konsekvens": {"3"}}); status != http.StatusSeeOther {
		t.Fatalf("update: %d", status)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	last := ds.Risks[len(ds.Risks)-1]
	if last.ID != "risk-inkop" || last.Probability != 5 || last.Consequence != 3 || ds.Controls[len(ds.Controls)-1].ID != "kontroll-fakturor" ||
		ds.Controls[len(ds.Controls)-1].Responsible != "Ekonomichefen" {
		t.Errorf("stored: %+v", last)
	}

	status, _, page = getAs(t, controller, ic+"/riskmatris")
	if status != http.StatusOK || !strings.Contains(page, `<th scope="col">Konsekvens 3</th>`) {
		t.Fatalf("risk matrix: %d", status)
	}
	// The row of probability 5: its third cell (consequence 3) holds the risk, with its
	// level in text (5 × 3 = 15: hög).
	row := page[strings.Index(page, `<th scope="row">Sannolikhet 5</th>`):]
	row = row[:strings.Index(row, "</tr>")]
	cells := strings.Split(row, "<td")[1:]
	if len(cells) != 5 || !strings.Contains(cells[2], "Felaktiga inköp") || !strings.Contains(cells[2], `<span class="risk-level">hög</span>`) ||
		strings.Contains(cells[1], "Felaktiga inköp") {
		t.Errorf("the risk is not in the cell of probability 5, consequence 3: %v", cells)
	}

	// A risk whose actions were followed up cannot be deleted; the new one can.
	status, page = postAs(t, controller, ic+"/risker/risk-brandskydd/ta-bort", url.Values{})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="ta-bort-fel"`) {
		t.Errorf("delete of a followed-up risk: %d", status)
	}
	if status, _ := postAs(t, controller, ic+"/risker/risk-inkop/ta-bort", url.Values{}); status != http.StatusSeeOther {
		t.Errorf("delete: %d", status)
	}
	if ds, _ := db.Dataset(context.Background(), "0126"); ds.Risks[len(ds.Risks)-1].ID == "risk-inkop" {
		t.Error("the risk is still there")
	}
}
