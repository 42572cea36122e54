package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sie"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// companySIE returns the SIE file of Ekby's company for the year, as `tertial sie
// generate --company` writes it.
func companySIE(t *testing.T, year int) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := sie.GenerateCompanyYearsTo(7, year, year, func(int) (io.WriteCloser, error) { return nopWriteCloser{&buf}, nil })
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// ledgerRowsOf counts the dataset's ledger rows (outcome and balances) of the unit.
func ledgerRowsOf(t *testing.T, db *store.DB, code, unit string) (outcome, balances int) {
	t.Helper()
	ds, err := db.Dataset(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Ledger == nil {
		return 0, 0
	}
	for _, e := range ds.Ledger.Outcome {
		if e.Unit == unit {
			outcome++
		}
	}
	for _, b := range ds.Ledger.Balances {
		if b.Unit == unit {
			balances++
		}
	}
	return outcome, balances
}

// TestUnitLedgerUpload: a company, which has no periods, has its own ledger page; a
// controller uploads the company's SIE file there and the dataset then holds its books; a
// broken file is refused with its file and line and imports nothing; a reader sees the
// list and the sentence on who imports, but no form, and may not post.
func TestUnitLedgerUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := site(t, db, ekbyDemo(t))
		u := srv.URL + "/kommuner/9901/enheter/ekbybostader/bokforing"
		controller := login(t, srv, "controller-ekby")

		status, _, page := getAs(t, controller, u)
		if status != http.StatusOK || !strings.Contains(page, "Ingen bokföring är inläst för Ekbybostäder AB") || !strings.Contains(page, `enctype="multipart/form-data"`) {
			t.Fatalf("page: %d\n%s", status, text(page))
		}
		for _, want := range []string{"556990-0017", "<dd>100 %</dd>", `href="/kommuner/9901/struktur/enheter"`, `action="/kommuner/9901/enheter/ekbybostader/bokforing"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the company's page lacks %q", want)
			}
		}
		if o, b := ledgerRowsOf(t, db, "9901", "ekbybostader"); o != 0 || b != 0 {
			t.Fatalf("the company has books before the upload: %d, %d", o, b)
		}

		code, page := upload(t, controller, u, "ekbybostader-2024.se", companySIE(t, 2024), "2024")
		if code != http.StatusOK {
			t.Fatalf("upload: %d\n%s", code, text(page))
		}
		for _, want := range []string{"Filen är inläst: ekbybostader-2024.se för 2024 (Ekbybostäder AB)", "<dd>2024</dd>", "controller-ekby"} {
			if !strings.Contains(page, want) {
				t.Errorf("after the upload the page lacks %q\n%s", want, text(page))
			}
		}
		outcome, balances := ledgerRowsOf(t, db, "9901", "ekbybostader")
		if outcome == 0 || balances == 0 {
			t.Fatalf("the dataset lacks the company's books: %d outcome rows, %d balances", outcome, balances)
		}
		imports, err := db.LedgerImports(ctx, "9901", "ekbybostader")
		if err != nil || len(imports) != 1 || imports[0].Year != 2024 || imports[0].OrgNr != strings.ReplaceAll(sie.EkbybostaderOrgNumber, "-", "") {
			t.Fatalf("imports: %+v, %v", imports, err)
		}

		// A broken file: its line, nothing imported.
		bad := "#SIETYP 4\n#ORGNR 556990-0017\n#RAR 0 20250101 20251231\n#KONTO 3010 \"H\"\n#VER A 1 20250105 \"x\"\n{\n#TRANS 3010 {} -100.00\n}\n"
		code, page = upload(t, controller, u, "fel.se", []byte(bad), "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "fel.se:8:1: verifikationen A 1 på rad 5 balanserar inte") || !strings.Contains(page, "Ingenting har ändrats") {
			t.Errorf("a broken file: %d\n%s", code, text(page))
		}
		if o, b := ledgerRowsOf(t, db, "9901", "ekbybostader"); o != outcome || b != balances {
			t.Errorf("a refused file changed the books: %d, %d, want %d, %d", o, b, outcome, balances)
		}
		if after, _ := db.LedgerImports(ctx, "9901", "ekbybostader"); len(after) != 1 || after[0].SHA256 != imports[0].SHA256 {
			t.Errorf("a refused file changed the imports: %+v", after)
		}

		// A reader sees the list, no form, and is told who imports; a post is refused.
		reader := login(t, srv, "lasare-ekby")
		status, _, page = getAs(t, reader, u)
		if status != http.StatusOK || strings.Contains(page, `type="file"`) || !strings.Contains(page, "ekbybostader-2024.se") || !strings.Contains(page, "Bara en controller läser in bokföring") {
			t.Errorf("reader's page: %d\n%s", status, text(page))
		}
		if code, _ := upload(t, reader, u, "ekbybostader-2025.se", companySIE(t, 2025), ""); code != http.StatusForbidden {
			t.Errorf("a reader uploads: %d", code)
		}
		if after, _ := db.LedgerImports(ctx, "9901", "ekbybostader"); len(after) != 1 {
			t.Errorf("the reader's post imported: %+v", after)
		}
		if status, _, _ := getAs(t, controller, srv.URL+"/kommuner/9901/enheter/finns-inte/bokforing"); status != http.StatusNotFound {
			t.Errorf("no such unit: %d", status)
		}
	})
}

// TestUnitLedgerLinks: the organisation page shows a company's share and org.nr and links
// the own ledger pages of the company and of kf; the municipality's page links them, the
// economy page and the statements page, for a reader too.
func TestUnitLedgerLinks(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := ekbyDemo(t)
	srv := site(t, db, ds)
	company := ds.Unit("ekbybostader")
	if company == nil || company.Kind != tertial.UnitCompany {
		t.Fatal("the demo has no company ekbybostader")
	}
	_, _, org := getAs(t, login(t, srv, "controller-ekby"), srv.URL+"/kommuner/9901/struktur/enheter")
	for _, want := range []string{`href="/kommuner/9901/enheter/ekbybostader/bokforing"`, `href="/kommuner/9901/enheter/kf/bokforing"`,
		`<td class="num">100 %</td><td>556990-0017</td>`} {
		if !strings.Contains(org, want) {
			t.Errorf("the organisation page lacks %s", want)
		}
	}
	if strings.Contains(org, `href="/kommuner/9901/enheter/ks/bokforing"`) {
		t.Error("the organisation page links a board's own ledger page")
	}
	status, _, muni := getAs(t, login(t, srv, "lasare-ekby"), srv.URL+"/kommuner/9901")
	if status != http.StatusOK {
		t.Fatalf("municipality page: %d", status)
	}
	for _, want := range []string{`<a href="/kommuner/9901/struktur/ekonomi">Ekonomi</a>: nyckeltal, finansiella mål, balanskrav, elimineringar`,
		`<a href="/kommuner/9901/struktur/rakenskaper">Räkenskaper</a>: kontomappning, budget och prognos för resultaträkningen`,
		`href="/kommuner/9901/enheter/ekbybostader/bokforing"`} {
		if !strings.Contains(muni, want) {
			t.Errorf("the municipality page lacks %s", want)
		}
	}
}
