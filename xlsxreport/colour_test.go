package xlsxreport

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// titleFont returns the font of the contents sheet's title (A1).
func titleFont(t *testing.T, f *excelize.File) *excelize.Font {
	t.Helper()
	id, err := f.GetCellStyle(ContentsSheet, "A1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font == nil {
		return &excelize.Font{}
	}
	return st.Font
}

// TestCoverColour: with the municipality's colour the contents sheet's title is in it, bold
// as before; without one the title has no colour and rendering the same document again
// gives the same bytes.
func TestCoverColour(t *testing.T) {
	plainData, plain := render(t, demoDoc(t))
	if fnt := titleFont(t, plain); fnt.Color != "" || !fnt.Bold {
		t.Errorf("the plain title's font: %+v", fnt)
	}
	doc := demoDoc(t)
	doc.Colour = "#005a9c"
	data, f := render(t, doc)
	if fnt := titleFont(t, f); fnt.Color != "005A9C" || !fnt.Bold || fnt.Size != 14 {
		t.Errorf("the coloured title's font: %+v", fnt)
	}
	if bytes.Equal(data, plainData) {
		t.Error("the colour changed nothing")
	}
	doc.Colour = ""
	if again, _ := render(t, doc); !bytes.Equal(again, plainData) {
		t.Error("without the colour the workbook differs")
	}
}
