package dataset_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
)

// TestColourRoundTrip: the municipality's colour is written quoted under municipality,
// read back as it was, and the schema takes it; export → import → export is byte-identical.
// A file without a colour has none and writes none.
func TestColourRoundTrip(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "colour: \"#") || ds.Municipality.Colour != "" {
		t.Fatal("the demo has a municipality colour")
	}
	ds.Municipality.Colour = "#005A9C"
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\n  colour: \"#005A9C\"\n") {
		t.Errorf("the colour is not written as expected:\n%s", string(out[:min(len(out), 1200)]))
	}
	back, err := dataset.Decode(out, "colour.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if back.Municipality.Colour != "#005A9C" {
		t.Fatalf("the colour came back as %q", back.Municipality.Colour)
	}
	again, err := dataset.Encode(back)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("export → import → export changed the file: %v", err)
	}
	s := compileSchema(t)
	if err := validateYAML(t, s, out); err != nil {
		t.Errorf("the schema refuses a colour: %v", err)
	}
	if err := validateYAML(t, s, bytes.Replace(out, []byte(`"#005A9C"`), []byte(`"#05A9C"`), 1)); err == nil {
		t.Error("the schema takes a colour of five digits")
	}
}

// TestColourErrors: a colour that is not #RRGGBB, or too light for white text, is an
// error at municipality.colour with the file's line; the message gives the value and the
// ratio found.
func TestColourErrors(t *testing.T) {
	d, _ := demo.Get("huddinge")
	src := string(d.Bytes())
	at := strings.Index(src, "\ngoal_levels:")
	if at < 0 {
		t.Fatal("no goal_levels in the demo")
	}
	line := strings.Count(src[:at], "\n") + 2 // the line of the inserted colour
	for _, c := range []struct{ value, want string }{
		{`"#777777"`, "4,48:1"},
		{`"#FFF"`, "#RRGGBB"},
		{`blue`, "#RRGGBB"},
	} {
		bad := src[:at] + "\n  colour: " + c.value + src[at:]
		_, err := dataset.Decode([]byte(bad), "bad.yaml")
		if err == nil {
			t.Errorf("%s: accepted", c.value)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "municipality.colour") || !strings.Contains(msg, c.want) || !strings.Contains(msg, strings.Trim(c.value, `"`)) {
			t.Errorf("%s: %v", c.value, err)
		}
		if !strings.Contains(msg, "bad.yaml:"+itoa(line)) {
			t.Errorf("%s: the error lacks bad.yaml:%d: %v", c.value, line, err)
		}
	}
	// A colour that is not a string at all is an error at its line too.
	bad := src[:at] + "\n  colour: [1, 2]" + src[at:]
	if _, err := dataset.Decode([]byte(bad), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "bad.yaml:"+itoa(line)) {
		t.Errorf("a list as colour: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
