package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// settingsOf are a period's settings as the form starts from them.
func settingsOf(p *tertial.Period) store.PeriodSettings {
	return store.PeriodSettings{Title: p.Title, Start: p.Start, Cutoff: p.Cutoff, Deadline: p.Deadline, Template: p.Template,
		Status: p.Status, CoverText: p.CoverText, Version: p.Version}
}

// TestUpdatePeriodSettings: an open period's title, deadline, status and cover text change
// at its version, which moves on, and the change is in the audit log; the rule set judges
// the whole dataset (a status too long, a start that makes the period overlap another of
// the unit's of its kind, named on the edited period's field); a stale version, a locked
// period and an unknown one are refused; no refusal changes anything.
func TestUpdatePeriodSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		// Tertial 1 of 2021 inside the delårsrapport per August: fine, one inside the other.
		t1, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2021-04", Kind: tertial.PeriodInterim,
			Title: "Tertialrapport 1 2021", Cutoff: day("2021-04-30"), From: "2021-08"})
		if err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		per := ds.Period("ks", "2021-08")
		ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}

		set := settingsOf(per)
		set.Title, set.Deadline, set.Status, set.CoverText = "Delårsrapport 2021", day("2021-09-15"), "Klar", "Till **nämnden**."
		got, err := db.UpdatePeriodSettings(ctx, "controller", ref, set)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Delårsrapport 2021" || !got.Deadline.Equal(day("2021-09-15")) || got.Status != "Klar" || got.CoverText != "Till **nämnden**." ||
			got.Version != per.Version+1 || !got.Cutoff.Equal(per.Cutoff) || got.Template != per.Template || got.Kind != per.Kind {
			t.Errorf("saved %+v", got)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "period", Key: "ks/2021-08"})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, e := range log {
			if e.Actor == "controller" {
				fields[e.Field] = e.Old + " → " + e.New
			}
		}
		if fields["deadline"] != per.Deadline.Format("2006-01-02")+" → 2021-09-15" || fields["status"] != " → Klar" || fields["title"] == "" {
			t.Errorf("audit log %v", fields)
		}
		if _, ok := fields["cutoff"]; ok {
			t.Error("an unchanged cut-off is in the audit log")
		}

		ds, _ = db.Dataset(ctx, "0126")
		before := periodYAML(t, ds, "2021-08")
		current := settingsOf(ds.Period("ks", "2021-08"))
		for _, c := range []struct {
			name  string
			edit  func(s *store.PeriodSettings)
			code  string
			field string // the problem's path, for EINVALID
			words string // in its message
		}{
			{"stale version", func(s *store.PeriodSettings) { s.Version--; s.Title = "Gammal" }, tertial.ECONFLICT, "", ""},
			{"status too long", func(s *store.PeriodSettings) { s.Status = strings.Repeat("x", 41) }, tertial.EINVALID, "status", "41 tecken"},
			{"no title", func(s *store.PeriodSettings) { s.Title = "" }, tertial.EINVALID, "title", ""},
			{"start after cut-off", func(s *store.PeriodSettings) { s.Start = day("2021-09-01") }, tertial.EINVALID, "start", ""},
			{"unknown template", func(s *store.PeriodSettings) { s.Template = "finns-inte" }, tertial.EINVALID, "template", "finns-inte"},
			// March–August against tertial 1's January–April: the rule set names the later
			// period, tertial 1; the edit's problem is on its own cut-off.
			{"overlap", func(s *store.PeriodSettings) { s.Start = day("2021-03-01") }, tertial.EINVALID, "cutoff", `"2021-04" (2021-01-01–2021-04-30)`},
		} {
			t.Run(c.name, func(t *testing.T) {
				s := current
				c.edit(&s)
				_, err := db.UpdatePeriodSettings(ctx, "controller", ref, s)
				if tertial.ErrorCode(err) != c.code {
					t.Fatalf("error %v, want %s", err, c.code)
				}
				if c.field != "" {
					ps := tertial.ProblemsOf(err)
					if len(ps) != 1 || ps[0].Path != c.field || !strings.Contains(ps[0].Message, c.words) {
						t.Errorf("problems %+v, want one on %s saying %q", ps, c.field, c.words)
					}
				}
				after, err := db.Dataset(ctx, "0126")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(before, periodYAML(t, after, "2021-08")) || after.Period("ks", "2021-08").Version != current.Version {
					t.Error("the period changed")
				}
			})
		}

		// A locked period's settings stay as the board decided them.
		t1ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: t1.ID}
		if err := db.LockPeriod(ctx, "controller", t1ref, store.Decision{Date: day("2021-05-20"), Paragraph: "§ 40"}); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Dataset(ctx, "0126")
		s := settingsOf(ds.Period("ks", t1.ID))
		s.Deadline = day("2021-05-10")
		if _, err := db.UpdatePeriodSettings(ctx, "controller", t1ref, s); tertial.ErrorCode(err) != tertial.ELOCKED {
			t.Errorf("locked period: %v", err)
		}
		if _, err := db.UpdatePeriodSettings(ctx, "controller", store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "1999"}, s); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("unknown period: %v", err)
		}
	})
}
