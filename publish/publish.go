// Package publish renders every format of a locked period's report and stores them as an
// immutable published version, each file with its SHA-256.
package publish

import (
	"context"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// Format is a report format that can be published.
type Format struct {
	Name      string // html, pdf, docx, xlsx
	Ext       string
	MediaType string
	Render    func(context.Context, *report.Document) ([]byte, error)
}

// The steps of a publication, as Progress reports them, besides each format's name.
const (
	StepPrepare  = "prepare"  // reading the data and building the report
	StepOpenData = "opendata" // the open data, CSV and JSON
	StepStore    = "store"    // hashing and storing the files
)

// Progress is told each step as it begins: StepPrepare, each format's Name in order,
// StepOpenData, StepStore.
type Progress func(step string)

// Publish renders the period's report in every format and stores the files as a new
// published version, with the report's figures as open data (OpenData: a CSV and a JSON
// file, the formats "csv" and "json") built from the same data. The period must be
// locked (ECONFLICT otherwise); a format that fails to render stops the publication, so a
// version is always complete.
func Publish(ctx context.Context, db *store.DB, actor string, ref store.PeriodRef, formats []Format) (*store.Publication, error) {
	return PublishWithProgress(ctx, db, actor, ref, formats, nil)
}

// PublishWithProgress is Publish telling progress (nil: no one) each step as it begins.
func PublishWithProgress(ctx context.Context, db *store.DB, actor string, ref store.PeriodRef, formats []Format, progress Progress) (*store.Publication, error) {
	step := func(s string) {
		if progress != nil {
			progress(s)
		}
	}
	step(StepPrepare)
	ds, err := db.Dataset(ctx, ref.Municipality)
	if err != nil {
		return nil, err
	}
	per := ds.Period(ref.Unit, ref.Period)
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "enheten %s har ingen period %s", ref.Unit, ref.Period)
	}
	if per.State != tertial.PeriodLocked {
		return nil, tertial.Errorf(tertial.ECONFLICT, "perioden %s är inte låst: bara det nämnden har beslutat publiceras", ref.Period)
	}
	doc, err := report.Build(ds, ref.Unit, ref.Period)
	if err != nil {
		return nil, err
	}
	base := FileBase(ds.Unit(ref.Unit).Name, ref.Period)
	var files []store.PublishedFile
	for _, f := range formats {
		step(f.Name)
		data, err := f.Render(ctx, doc)
		if err != nil {
			return nil, err
		}
		files = append(files, store.PublishedFile{Format: f.Name, Name: base + "." + f.Ext, MediaType: f.MediaType, Content: data})
	}
	step(StepOpenData)
	licence, err := db.PublicSettings(ctx, ref.Municipality)
	if err != nil {
		return nil, err
	}
	od, err := BuildOpenData(ds, ref.Unit, ref.Period, licence, db.Now())
	if err != nil {
		return nil, err
	}
	js, err := od.JSON()
	if err != nil {
		return nil, err
	}
	cs, err := od.CSV()
	if err != nil {
		return nil, err
	}
	files = append(files,
		store.PublishedFile{Format: "csv", Name: base + "-oppna-data.csv", MediaType: "text/csv; charset=utf-8; header=present", Content: cs},
		store.PublishedFile{Format: "json", Name: base + "-oppna-data.json", MediaType: "application/json", Content: js})
	step(StepStore)
	return db.Publish(ctx, actor, ref, files)
}

// FileBase is the name published files share: "kommunstyrelsen-2021-08".
func FileBase(unit, period string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(unit) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == 'å' || r == 'ä':
			b.WriteRune('a')
			dash = false
		case r == 'ö':
			b.WriteRune('o')
			dash = false
		case !dash && b.Len() > 0:
			b.WriteRune('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-") + "-" + period
}
