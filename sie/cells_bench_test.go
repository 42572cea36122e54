package sie

import (
	"bytes"
	"testing"
)

// BenchmarkCells times the aggregation's second half alone: adding the #TRANS rows of the
// benchmark file, already read into batches, to the cells.
func BenchmarkCells(b *testing.B) {
	data, _ := benchFile()
	var batches []*batch
	cur := newBatch()
	_, err := Read(bytes.NewReader(data), Options{}, Visitor{Trans: func(v *Voucher, t *Trans) error {
		if t.Kind != TRANS || t.Account[0] < '3' {
			return nil
		}
		year, m, _ := splitMonth(int(t.Date) / 100)
		if !cur.room(len(t.objIDs)) {
			batches = append(batches, cur)
			cur = newBatch()
		}
		cur.addRow(t.acc.id, t.objIDs, year, m, t.Amount, t.Line)
		return nil
	}})
	if err != nil {
		b.Fatal(err)
	}
	batches = append(batches, cur)
	adds := 0
	for _, bt := range batches {
		adds += len(bt.adds)
	}
	work := make([]batch, len(batches))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for i, bt := range batches {
			work[i] = batch{adds: bt.adds, ids: bt.ids, rows: bt.rows}
		}
		c := newCells(&index{}, DefaultMaxCells)
		b.StartTimer()
		for i := range work {
			c.addBatch(&work[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(adds), "ns/add")
}
