package dataset_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// TestKeyFiguresSection: a key_figures section with goal filters reads into the template,
// and export → import → export gives the same bytes; filters on a kind that shows no
// goals are still refused, naming key_figures among the kinds that take them.
func TestKeyFiguresSection(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "simrishamn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const at = "      - {kind: vision}\n"
	src := string(data)
	if !strings.Contains(src, at) {
		t.Fatal("simrishamn.yaml has changed: no vision section to put the key figures after")
	}
	src = strings.Replace(src, at, at+"      - {kind: key_figures, title: Nyckeltal i urval, owners: [kfn], tags: [agenda2030]}\n", 1)
	ds, err := dataset.Decode([]byte(src), "simrishamn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	secs := ds.Template("arsbokslut").Sections
	want := tertial.Section{Kind: tertial.SectionKeyFigures, Title: "Nyckeltal i urval", Owners: []string{"kfn"}, Tags: []string{"agenda2030"}}
	if !reflect.DeepEqual(secs[3], want) {
		t.Errorf("section %+v, want %+v", secs[3], want)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "- {kind: key_figures, title: Nyckeltal i urval, owners: [kfn], tags: [agenda2030]}") {
		t.Errorf("the export lacks the key-figures section")
	}
	again, err := dataset.Decode(out, "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out2, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Error("export → import → export is not lossless")
	}

	bad := strings.Replace(string(data), at, "      - {kind: text, ref: x, tags: [agenda2030]}\n", 1)
	if _, err := dataset.Decode([]byte(bad), "simrishamn.yaml"); err == nil || !strings.Contains(err.Error(), "key_figures") {
		t.Errorf("filters on a text section: %v", err)
	}
}
