package publish_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/publish"
)

// TestOpenDataAmounts: amounts are whole kronor rounded once from öre, half away from
// zero; sum and total rows have their stable IDs, and the total is the sum of the entered
// rows, shown as the report shows it.
func TestOpenDataAmounts(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	per := ds.Period("ks", "2021-08")
	var drift *tertial.MoneyTable
	for i := range per.MoneyTables {
		if per.MoneyTables[i].ID == "drift" {
			drift = &per.MoneyTables[i]
		}
	}
	if drift == nil || drift.Rows[0].ID != "intakter" || !drift.TotalNegate {
		t.Fatal("the demo's operating statement is not as this test expects")
	}
	drift.Rows[0].Amounts["budget"] = 12_345_678_950 // 123 456 789,50 kr
	var sum int64
	var add func(rows []tertial.MoneyRow)
	add = func(rows []tertial.MoneyRow) {
		for _, r := range rows {
			if r.Group {
				add(r.Rows)
				continue
			}
			sum += int64(r.Amounts["budget"])
		}
	}
	add(drift.Rows)
	od, err := publish.BuildOpenData(ds, "ks", "2021-08", tertial.DefaultPublicSettings, time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	data, err := od.CSV()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		if r[0] == "amount" && r[3] == "budget" {
			got[r[1]] = r[4]
		}
	}
	if got["drift/intakter"] != "123456790" {
		t.Errorf("123 456 789,50 kr: %q, want 123456790", got["drift/intakter"])
	}
	// The total: the entered rows' sum in result sign, negated as the table shows it,
	// rounded once (not the sum of rounded rows).
	ore := -sum
	kr := ore / 100
	if rem := ore % 100; rem >= 50 {
		kr++
	} else if rem <= -50 {
		kr--
	}
	if want := tertial.DecimalFromInt(kr).String(); got["drift/total"] != want {
		t.Errorf("drift/total budget %q, want %s", got["drift/total"], want)
	}
	if got["drift/kostnader-summa"] == "" {
		t.Errorf("no sum row drift/kostnader-summa: %v", got)
	}
	if od.Generated != "2021-09-30T00:00:00Z" || od.Licence.Name != tertial.DefaultPublicSettings.Licence {
		t.Errorf("generated %q, licence %+v", od.Generated, od.Licence)
	}
}
