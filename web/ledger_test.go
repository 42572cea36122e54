package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// upload posts an SIE file to the ledger page as the browser's form does: the year and
// the lenient box first, then the file.
func upload(t *testing.T, cookie, u, name string, content []byte, year string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("ar", year)
	fw, err := mw.CreateFormFile("fil", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, u, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: cookie})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestLedgerUpload: a controller uploads the accounting system's SIE file on the site; it
// is checked whole and stored, listed with its checksum and fills the report; a broken file
// is refused with its line and changes nothing; others may look but not upload.
func TestLedgerUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		u := srv.URL + periodPath + "/bokforing"
		good, err := os.ReadFile(filepath.Join("..", "sie", "testdata", "kommun-4e.se"))
		if err != nil {
			t.Fatal(err)
		}
		controller := login(t, srv, "controller")

		status, _, page := getAs(t, controller, u)
		if status != http.StatusOK || !strings.Contains(page, "Ingen bokföring är inläst") || !strings.Contains(page, `enctype="multipart/form-data"`) {
			t.Fatalf("page: %d", status)
		}
		code, page := upload(t, controller, u, `C:\Ekonomi\kommun-4e.se`, good, "")
		if code != http.StatusOK {
			t.Fatalf("upload: %d\n%s", code, text(page))
		}
		for _, want := range []string{"Filen är inläst: kommun-4e.se för 2021 (Huddinge kommun), 4 verifikationer", "sie:Unit4 ERP", "controller"} {
			if !strings.Contains(page, want) {
				t.Errorf("after the upload the page lacks %q", want)
			}
		}
		_, _, rep := getAs(t, controller, srv.URL+periodPath+"/rapport")
		if !strings.Contains(rep, "kommer från den importerade bokföringen") {
			t.Error("the report does not use the uploaded ledger")
		}
		if code, page = upload(t, controller, u, "kommun-4e.se", good, "2021"); code != http.StatusOK || !strings.Contains(page, "ersätter den förra importen") {
			t.Errorf("the same file again: %d", code)
		}
		imports, err := db.LedgerImports(context.Background(), "0126", "ks")
		if err != nil || len(imports) != 1 || imports[0].FileName != "kommun-4e.se" || len(imports[0].SHA256) != 64 {
			t.Fatalf("imports: %+v, %v", imports, err)
		}

		// Bad input: each refused with where and what, nothing imported.
		unbalanced := "#SIETYP 4\n#ORGNR 212000-0142\n#RAR 0 20210101 20211231\n#KONTO 5010 \"L\"\n#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 100.00\n}\n"
		for _, c := range []struct {
			name, content, year, want string
		}{
			{"x.se", unbalanced, "", "x.se:8:1: verifikationen A 1 på rad 5 balanserar inte"},
			{"tom.se", "", "", "tom.se:1: filen är tom"},
			{"kommun-4e.se", string(good), "2020", "gäller räkenskapsåret 2021 (#RAR 0), inte 2020"},
			{"kommun-4e.se", string(good), "tjugo", "Räkenskapsåret ska vara ett årtal"},
		} {
			code, page := upload(t, controller, u, c.name, []byte(c.content), c.year)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, c.want) || !strings.Contains(page, "Ingenting har ändrats") {
				t.Errorf("%s (%q): %d, want 422 with %q\n%s", c.name, c.year, code, c.want, text(page))
			}
		}
		if after, _ := db.LedgerImports(context.Background(), "0126", "ks"); len(after) != 1 || after[0].SHA256 != imports[0].SHA256 {
			t.Errorf("a refused file changed the imports: %+v", after)
		}

		// A reporter sees the list but has no form, and a post is refused.
		reporter := login(t, srv, "rapportor")
		if status, _, page := getAs(t, reporter, u); status != http.StatusOK || strings.Contains(page, `type="file"`) || !strings.Contains(page, "kommun-4e.se") {
			t.Errorf("reporter's page: %d", status)
		}
		if code, _ := upload(t, reporter, u, "kommun-4e.se", good, ""); code != http.StatusForbidden {
			t.Errorf("a reporter uploads: %d", code)
		}
		if code, _ := upload(t, "", u, "kommun-4e.se", good, ""); code != http.StatusUnauthorized {
			t.Errorf("anonymous upload: %d", code)
		}
	})
}
