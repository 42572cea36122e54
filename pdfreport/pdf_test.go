package pdfreport

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// tinyPDF builds a PDF the way Chromium writes one: Info with dates, a catalog with
// /Lang (sv) and named destinations, two pages.
func tinyPDF() []byte {
	objs := []string{
		"<</Title (T)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261128082250+00'00')\n/ModDate (D:20261128082250+00'00')>>",
		"<</Type /Catalog\n/Pages 3 0 R\n/Dests 6 0 R\n/Lang (sv)>>",
		"<</Type /Pages\n/Count 2\n/Kids [4 0 R 5 0 R]>>",
		"<</Type /Page\n/Parent 3 0 R>>",
		"<</Type /Page\n/Parent 3 0 R>>",
		"<</a [4 0 R /XYZ 0 800 0]\n/b#2Dc [5 0 R /XYZ 0 400.5 0]>>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := []int{}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF", len(objs)+1, x)
	return b.Bytes()
}

func TestDestinationPages(t *testing.T) {
	f, err := parsePDF(tinyPDF())
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.destinationPages()
	if err != nil {
		t.Fatal(err)
	}
	if got["a"] != 1 || got["b-c"] != 2 || len(got) != 2 {
		t.Errorf("destinations %v", got)
	}
}

func TestFinish(t *testing.T) {
	in := tinyPDF()
	meta := metadata{Title: "Kommunstyrelsen – Delårsrapport", Author: "Kommunstyrelsen", Subject: "s", Lang: "sv-SE", Date: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC)}
	out, err := finish(in, meta)
	if err != nil {
		t.Fatal(err)
	}
	// The original bytes stay where they were, with the dates fixed in place.
	if len(out) <= len(in) || bytes.Contains(out, []byte("2026")) {
		t.Fatalf("dates not replaced:\n%s", out)
	}
	if !bytes.Contains(out[:len(in)], []byte("/CreationDate (D:20210831000000+00'00')")) {
		t.Errorf("original Info not fixed:\n%s", out[:len(in)])
	}
	f, err := parsePDF(out)
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.dict(f.trailer["Info"])
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[pdfName]string{"Title": meta.Title, "Author": meta.Author, "Producer": "Skia/PDF m156", "CreationDate": "D:20210831000000+00'00'"} {
		s, _ := info[k].(pdfStr)
		if got := decodeText(s); got != want {
			t.Errorf("Info %s %q, want %q", k, got, want)
		}
	}
	cat, _, err := f.catalog()
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := cat["Lang"].(pdfStr); string(lang) != "sv-SE" || cat["Dests"] == nil {
		t.Errorf("catalog %v", cat)
	}
	if got, err := f.destinationPages(); err != nil || got["b-c"] != 2 {
		t.Errorf("after the update: %v, %v", got, err)
	}
	if id, ok := f.trailer["ID"].(pdfArray); !ok || len(id) != 2 {
		t.Errorf("trailer /ID %v", f.trailer["ID"])
	}
	again, _ := finish(in, meta)
	if !bytes.Equal(out, again) {
		t.Error("finish is not deterministic")
	}
}

func TestPrepare(t *testing.T) {
	html := []byte(`<html lang="sv"><head></head><body><nav class="toc" aria-label="x"><ol><li><a href="#s1">Första &amp; andra</a></li><li><a href="#s2">B</a></li></ol></nav><a href="#s1">utanför</a></body></html>`)
	out := string(prepare(html, map[string]int{"s1": 3}, ""))
	for _, want := range []string{`<html lang="sv-SE">`, `<span class="toc-title">Första &amp; andra</span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page">3</span>`, `<span class="toc-page">00</span>`, `<a href="#s1">utanför</a>`, "@media print"} {
		if !strings.Contains(out, want) {
			t.Errorf("prepared HTML lacks %q:\n%s", want, out)
		}
	}
	if got := tocTargets(html); strings.Join(got, ",") != "s1,s2" {
		t.Errorf("targets %v", got)
	}
}
