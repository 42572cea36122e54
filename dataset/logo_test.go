package dataset_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
)

// TestLogoRoundTrip: a logo is written as base64 under municipality.logo, read back byte
// for byte, and the schema accepts it; an SVG type is refused by the schema too.
func TestLogoRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 300, 90))); err != nil {
		t.Fatal(err)
	}
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ds.Municipality.Logo = &tertial.Logo{Type: tertial.LogoPNG, Data: b.Bytes()}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "  logo:\n    type: image/png\n    data: |-\n      iVBORw0KGgo") {
		t.Errorf("the logo is not written as expected:\n%s", string(out[:min(len(out), 1200)]))
	}
	back, err := dataset.Decode(out, "logo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if back.Municipality.Logo == nil || back.Municipality.Logo.Type != tertial.LogoPNG || !bytes.Equal(back.Municipality.Logo.Data, b.Bytes()) {
		t.Fatal("the logo did not come back as it was")
	}
	again, err := dataset.Encode(back)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("export → import → export changed the file: %v", err)
	}
	s := compileSchema(t)
	if err := validateYAML(t, s, out); err != nil {
		t.Errorf("the schema refuses a logo: %v", err)
	}
	svg := strings.Replace(string(out), "type: image/png", "type: image/svg+xml", 1)
	if err := validateYAML(t, s, []byte(svg)); err == nil {
		t.Error("the schema accepts an SVG logo")
	}
	if _, err := dataset.Decode([]byte(svg), "svg.yaml"); err == nil || !strings.Contains(err.Error(), "municipality.logo.type") {
		t.Errorf("the importer accepts an SVG logo: %v", err)
	}
}

// TestLogoBadBase64: data that is not base64 is an error at its line.
func TestLogoBadBase64(t *testing.T) {
	d, _ := demo.Get("huddinge")
	bad := strings.Replace(string(d.Bytes()), "\ngoal_levels:", "\n  logo:\n    type: image/png\n    data: inte*base64\ngoal_levels:", 1)
	_, err := dataset.Decode([]byte(bad), "bad.yaml")
	if err == nil || !strings.Contains(err.Error(), "municipality.logo.data") || !strings.Contains(err.Error(), "base64") {
		t.Errorf("bad base64: %v", err)
	}
}
