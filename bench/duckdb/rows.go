package duckdbbench

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/tertial/tertial/sie"
)

// Rows are a file's #TRANS rows as columns. Account and object numbers are stored once
// each, in Accounts and Objects, and the rows hold their codes, as the sie reader does
// internally; what a row says is unchanged.
type Rows struct {
	Accounts []string     // account number by code
	Objects  []sie.Object // object by code; [0] is no object
	Dims     []int        // the dimension of each object column, ascending
	Acc      []uint32     // per row: the account's code
	Obj      [][]uint32   // Obj[d][row]: the code of the row's object in dimension Dims[d], 0 when none
	Month    []int32      // per row: YYYYMM of the row's date
	Amount   []int64      // per row: öre, debit positive
}

// Len is the number of rows.
func (r *Rows) Len() int { return len(r.Acc) }

// ObjColumn returns the index in Obj of dimension dim's column, or -1.
func (r *Rows) ObjColumn(dim int) int { return slices.Index(r.Dims, dim) }

// Generate writes a SIE 4E file of about n #TRANS rows with sie.Generate (its vouchers
// have 11 rows on average) and returns it.
func Generate(n int, seed uint64) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := sie.Generate(&buf, sie.GenerateOptions{Vouchers: max(1, (n+10)/11), Seed: seed}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReadRows reads a SIE file with sie.Read (strict mode) and returns its #TRANS rows as
// columns. #RTRANS and #BTRANS rows are left out, as sie.Aggregate leaves them out.
func ReadRows(data []byte) (*Rows, *sie.File, error) {
	r := &Rows{Objects: []sie.Object{{}}}
	accCode := map[string]uint32{}
	objCode := map[sie.Object]uint32{}
	colOf := map[int]int{} // dimension → column, in the order first seen
	var dims []int
	seen := make([]bool, 0, 8)
	f, err := sie.Read(bytes.NewReader(data), sie.Options{}, sie.Visitor{
		Trans: func(v *sie.Voucher, t *sie.Trans) error {
			if t.Kind != sie.TRANS {
				return nil
			}
			row := len(r.Acc)
			a, ok := accCode[t.Account]
			if !ok {
				a = uint32(len(r.Accounts))
				accCode[t.Account] = a
				r.Accounts = append(r.Accounts, t.Account)
			}
			r.Acc = append(r.Acc, a)
			r.Month = append(r.Month, int32(t.Date/100))
			r.Amount = append(r.Amount, t.Amount)
			for d := range r.Obj {
				r.Obj[d] = append(r.Obj[d], 0)
			}
			seen = seen[:0]
			for range r.Obj {
				seen = append(seen, false)
			}
			for _, o := range t.Objects {
				c, ok := colOf[o.Dim]
				if !ok {
					c = len(r.Obj)
					colOf[o.Dim] = c
					dims = append(dims, o.Dim)
					r.Obj = append(r.Obj, make([]uint32, row+1, cap(r.Acc)))
					seen = append(seen, false)
				}
				if seen[c] {
					return fmt.Errorf("rad %d: två objekt i dimension %d", t.Line, o.Dim)
				}
				seen[c] = true
				code, ok := objCode[o]
				if !ok {
					code = uint32(len(r.Objects))
					objCode[o] = code
					r.Objects = append(r.Objects, o)
				}
				r.Obj[c][row] = code
			}
			return nil
		},
	})
	if err != nil {
		return nil, f, err
	}
	// Columns in ascending dimension order.
	order := make([]int, len(dims))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return dims[a] - dims[b] })
	obj := make([][]uint32, len(order))
	r.Dims = make([]int, len(order))
	for i, c := range order {
		obj[i], r.Dims[i] = r.Obj[c], dims[c]
	}
	r.Obj = obj
	return r, f, nil
}
