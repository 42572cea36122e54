package xlsxreport

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// declaredDataset is Provby's dataset, whose money tables have declared columns.
func declaredDataset(t *testing.T) *tertial.Dataset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "provby-kolumner.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Decode(data, "provby-kolumner.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func declaredDoc(t *testing.T, ds *tertial.Dataset) *report.Document {
	t.Helper()
	doc, err := report.Build(ds, "bn", "2024-08")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sheetOf returns the name of the sheet of the document's table with the ID and the table.
func sheetOf(t *testing.T, f *excelize.File, doc *report.Document, id string) (string, *report.Table) {
	t.Helper()
	tables, _ := Tables(doc)
	for i, tbl := range tables {
		if tbl.ID == id {
			return f.GetSheetList()[i+1], tbl
		}
	}
	t.Fatalf("the document has no table %s", id)
	return "", nil
}

// TestDeclaredFormulas: every computed figure of a declared money table is a formula of
// the row's own cells, of the same form for every row shown with the same sign: a net adds
// income and costs, a revised budget its operands; a deviation is outcome − budget for
// rows shown as stored and budget − outcome for rows shown negated (result sign either
// way); what remains is budget − outcome as the row shows both; a share is
// ROUND(100*part/whole,1). Sums of groups and the total are SUM formulas of the rows, and
// a share on a sum row is the share of the sums, never a sum of shares.
func TestDeclaredFormulas(t *testing.T) {
	doc := declaredDoc(t, declaredDataset(t))
	_, f := render(t, doc)
	// Investeringar: B budget, C ombudgetering, D reviderad budget, E utfall,
	// F avvikelse, G återstår, H förbrukat.
	sh, tbl := sheetOf(t, f, doc, "tabell-investeringar")
	bodyTop := 4 + len(tbl.Head)
	type forms struct{ rev, dev, rem, share string }
	want := map[int]forms{ // by the row's sign; {r} is the sheet row
		1:  {"B{r}+C{r}", "E{r}-D{r}", "D{r}-E{r}", "ROUND(100*E{r}/D{r},1)"},
		-1: {"B{r}+C{r}", "D{r}-E{r}", "D{r}-E{r}", "ROUND(100*E{r}/D{r},1)"},
	}
	seen := map[int]int{}
	for i, r := range tbl.Rows {
		if r.Class == "group" {
			continue
		}
		row := strconv.Itoa(bodyTop + i)
		w := want[r.Sign]
		for col, form := range map[string]string{"D": w.rev, "F": w.dev, "G": w.rem, "H": w.share} {
			got, _ := f.GetCellFormula(sh, col+row)
			if exp := strings.ReplaceAll(form, "{r}", row); got != exp {
				t.Errorf("%s %s%s (%s, sign %d): =%s, want =%s", sh, col, row, r.Header.Text, r.Sign, got, exp)
			}
		}
		seen[r.Sign]++
		if r.Class == "" {
			continue
		}
		// The sums of the entered columns.
		for _, col := range []string{"B", "C", "E"} {
			got, _ := f.GetCellFormula(sh, col+row)
			if !regexp.MustCompile(`^-?(SUM\(.*\)|[A-Z]+[0-9]+)([+-](SUM\(.*\)|[A-Z]+[0-9]+))*$`).MatchString(got) || !strings.Contains(got, col) {
				t.Errorf("%s %s%s (%s): =%s, want a sum of the rows above", sh, col, row, r.Header.Text, got)
			}
		}
	}
	if seen[1] == 0 || seen[-1] == 0 {
		t.Errorf("rows by sign %v: want rows shown as stored and negated", seen)
	}
	// The total is shown negated (total_negate) and subtracts the income's sum shown as
	// stored from the expenditure's shown positive.
	total := strconv.Itoa(bodyTop + len(tbl.Rows) - 1)
	income, spend := strconv.Itoa(bodyTop+2), strconv.Itoa(bodyTop+len(tbl.Rows)-2)
	if got, _ := f.GetCellFormula(sh, "B"+total); got != "B"+spend+"-B"+income {
		t.Errorf("%s B%s (total): =%s, want =B%s-B%s", sh, total, got, spend, income)
	}

	// Verksamheter: B intäkter, C kostnader, D netto, E föregående år; every row negated.
	sh, tbl = sheetOf(t, f, doc, "tabell-verksamheter")
	bodyTop = 4 + len(tbl.Head)
	nets := 0
	for i, r := range tbl.Rows {
		row := strconv.Itoa(bodyTop + i)
		if r.Class == "group" {
			continue
		}
		if got, _ := f.GetCellFormula(sh, "D"+row); got != "B"+row+"+C"+row {
			t.Errorf("%s D%s (%s): =%s, want =B%s+C%s", sh, row, r.Header.Text, got, row, row)
		}
		nets++
	}
	if nets != 5 {
		t.Errorf("%d nets, want 5 (three rows, a group's sum, the total)", nets)
	}
}

// TestLibreOfficeRecalculates: a controller changes an entered figure of each declared
// table in Excel; LibreOffice recalculates the workbook, with every formula's cached value
// replaced by a figure no calculation gives; and every figure of the money tables is then
// what Tertial computes from the data with the same change: nets, revised budgets,
// deviations, what remains, shares, group sums and totals.
func TestLibreOfficeRecalculates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		skipOrFail(t, "LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui")
	}
	if _, err := os.Stat("/usr/lib/libreoffice/share/config/soffice.cfg/modules/scalc"); err != nil {
		skipOrFail(t, "LibreOffice Calc is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui")
	}
	ds := declaredDataset(t)
	doc := declaredDoc(t, ds)
	data, f := render(t, doc)

	// The changes, as the controller types them into the sheet (as the table shows the
	// row), and as the data holds them (in result sign).
	type change struct {
		table, row, col string
		typed           string
		stored          tertial.Amount
	}
	changes := []change{
		{"investeringar", "badhus", "budget", "50.5", -50_500_000_00},
		{"investeringar", "tomter", "utfall", "9.1", 9_100_000_00},
		{"verksamheter", "vard", "kostnad", "1500", -1_500_000_00},
	}
	patches := map[string]map[string]string{} // sheet → cell → value
	for _, c := range changes {
		sh, tbl := sheetOf(t, f, doc, "tabell-"+c.table)
		bodyTop := 4 + len(tbl.Head)
		cell := ""
		for i, r := range tbl.Rows {
			if r.ID != tbl.ID+"-"+c.row {
				continue
			}
			for k, x := range r.Cells {
				if x.Col == c.col {
					cell = cellRef(k+2, bodyTop+i)
				}
			}
		}
		if cell == "" {
			t.Fatalf("no cell %s/%s/%s", c.table, c.row, c.col)
		}
		if patches[sh] == nil {
			patches[sh] = map[string]string{}
		}
		patches[sh][cell] = c.typed
		per := ds.Period("bn", "2024-08")
		for j := range per.MoneyTables {
			if per.MoneyTables[j].ID == c.table {
				setAmount(per.MoneyTables[j].Rows, c.row, tertial.MoneyColumn(c.col), c.stored)
			}
		}
	}
	in := patchWorkbook(t, data, f, patches)
	sheets := recalculate(t, soffice, in)

	want := declaredDoc(t, ds)
	tables, _ := Tables(want)
	checked := 0
	for ti, tbl := range tables {
		if tbl.Class != "money" {
			continue
		}
		name := f.GetSheetList()[ti+1]
		rows, ok := sheets[name]
		if !ok {
			t.Fatalf("LibreOffice wrote no sheet %q (it wrote %v)", name, keys(sheets))
		}
		bodyTop := 4 + len(tbl.Head)
		for i, r := range tbl.Rows {
			for k, c := range r.Cells {
				line, field := bodyTop+i-1, k+1
				got := ""
				if line < len(rows) && field < len(rows[line]) {
					got = rows[line][field]
				}
				if c.Number == nil {
					if got != "" {
						t.Errorf("%s %s: %q, want no figure", name, cellRef(k+2, bodyTop+i), got)
					}
					continue
				}
				v, err := strconv.ParseFloat(got, 64)
				w, _ := strconv.ParseFloat(c.Number.String(), 64)
				if err != nil || math.Abs(v-w) > 1e-9 {
					t.Errorf("%s %s (%s, %s): LibreOffice computes %q, Tertial %s", name, cellRef(k+2, bodyTop+i), r.Header.Text, c.Col, got, c.Number)
				}
				checked++
			}
		}
	}
	if checked < 60 {
		t.Errorf("%d figures checked, want every figure of both tables", checked)
	}
	t.Logf("%d figures recalculated by LibreOffice agree with Tertial", checked)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// setAmount sets a column of the row with the ID, at any depth.
func setAmount(rows []tertial.MoneyRow, id string, col tertial.MoneyColumn, a tertial.Amount) {
	for i := range rows {
		if rows[i].Group {
			setAmount(rows[i].Rows, id, col, a)
		} else if rows[i].ID == id {
			rows[i].Amounts[col] = a
		}
	}
}

// patchWorkbook returns the workbook with the cells of patches set to their values and
// every formula's cached value replaced by 999999, so that a figure LibreOffice does not
// recalculate shows.
func patchWorkbook(t *testing.T, data []byte, f *excelize.File, patches map[string]map[string]string) []byte {
	t.Helper()
	files := map[string]string{} // sheet name → part
	for i, name := range f.GetSheetList() {
		files["xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml"] = name
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	cached := regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	formulas := 0
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if name, ok := files[zf.Name]; ok {
			s := string(b)
			formulas += len(cached.FindAllString(s, -1))
			s = cached.ReplaceAllString(s, "$1<v>999999</v>")
			for cell, v := range patches[name] {
				re := regexp.MustCompile(`(<c r="` + cell + `"[^>]*>)<v>[^<]*</v>`)
				if !re.MatchString(s) {
					t.Fatalf("%s: no figure in %s to change", name, cell)
				}
				s = re.ReplaceAllString(s, "${1}<v>"+v+"</v>")
			}
			b = []byte(s)
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if formulas == 0 {
		t.Fatal("the workbook has no formula")
	}
	return buf.Bytes()
}

// recalculate opens the workbook in LibreOffice, set to recalculate every formula of an
// Excel file on load, and returns every sheet's cells as CSV (raw values), by sheet name.
func recalculate(t *testing.T, soffice string, xlsx []byte) map[string][][]string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "rapport.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	// OOXMLRecalcMode 0: always recalculate an Excel file on load.
	user := filepath.Join(dir, "profil", "user")
	if err := os.MkdirAll(user, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(user, "registrymodifications.xcu"), []byte(`<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "csv")
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	// CSV: comma, double quotes, UTF-8, from line 1, US number format, values as stored
	// (not as shown), every sheet to a file of its own.
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profil"),
		"--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1",
		"--outdir", out, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	entries, err := os.ReadDir(out)
	if err != nil || len(entries) == 0 {
		t.Fatalf("LibreOffice wrote no CSV: %v", err)
	}
	sheets := map[string][][]string{}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimPrefix(e.Name(), "rapport-"), ".csv")
		b, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		sheets[name] = rows
	}
	return sheets
}

// skipOrFail skips a test whose tool is missing, unless TERTIAL_TEST_TOOLS=1 says the
// tools are installed.
func skipOrFail(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("TERTIAL_TEST_TOOLS") == "1" {
		t.Fatal(msg + " (TERTIAL_TEST_TOOLS=1 says it should be)")
	}
	t.Skip(msg)
}
