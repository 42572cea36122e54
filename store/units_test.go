package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestUnitEdits: a unit added, renamed, moved, retired and deleted is stored so, every
// change in the audit log, and the export imports into a fresh database and exports
// byte-identical.
func TestUnitEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		plan := tertial.Unit{ID: "plan", Name: "Planavdelningen", ShortName: "Plan", Kind: tertial.UnitDepartment, Parent: "ksf"}
		if err := db.CreateUnit(ctx, "controller", "0126", plan); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUnit(ctx, "controller", "0126", tertial.Unit{ID: "tillfallig", Name: "Tillfällig", Kind: tertial.UnitSection, Parent: "plan"}); err != nil {
			t.Fatal(err)
		}
		plan.Name, plan.Parent = "Plan- och bygglovsavdelningen", "ks"
		if err := db.UpdateUnit(ctx, "controller", "0126", plan); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		ks := *before.Unit("ks")
		ks.Retired = 2022
		if err := db.UpdateUnit(ctx, "admin", "0126", ks); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUnit(ctx, "controller", "0126", "tillfallig"); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if got := ds.Unit("plan"); got == nil || got.Name != "Plan- och bygglovsavdelningen" || got.Parent != "ks" || got.Kind != tertial.UnitDepartment || got.ShortName != "Plan" {
			t.Errorf("plan: %+v", got)
		}
		if got := ds.Unit("ks"); got == nil || got.Retired != 2022 {
			t.Errorf("ks: %+v", got)
		}
		if ds.Unit("tillfallig") != nil {
			t.Error("the deleted unit is still there")
		}
		if last := ds.Units[len(ds.Units)-1]; last.ID != "plan" {
			t.Errorf("the new unit is not last: %s", last.ID)
		}
		// The audit log says who did what.
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "unit", Key: "plan"})
		if err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, e := range log {
			fields = append(fields, e.Field+"="+e.New)
		}
		for _, want := range []string{"created=created", "parent=ksf", "parent=ks", "name=Plan- och bygglovsavdelningen"} {
			if !strings.Contains(strings.Join(fields, ";")+";", want+";") {
				t.Errorf("audit log of plan %v lacks %s", fields, want)
			}
		}
		if log, _ := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "unit", Key: "ks"}); len(log) != 1 || log[0].Field != "retired" || log[0].New != "2022" || log[0].Actor != "admin" {
			t.Errorf("audit log of ks %+v", log)
		}
		deleted := false
		if log, _ := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "unit", Key: "tillfallig"}); len(log) > 0 {
			for _, e := range log {
				deleted = deleted || e.Field == "deleted"
			}
		}
		if !deleted {
			t.Error("the deletion is not in the audit log")
		}
		// Round trip.
		first := encode(t, ds)
		if !strings.Contains(string(first), "retired: 2022") {
			t.Error("the export does not say when ks was retired")
		}
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		ds2, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
	})
}

// TestUnitRefusals: a cycle, a duplicate ID, an unknown kind or parent, a bad year and the
// deletion of a unit with reports, goals, units below it or accounts are refused with the
// problem named, and the database holds exactly what it held.
func TestUnitRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUnit(ctx, "controller", "0126", tertial.Unit{ID: "bemanning", Name: "Bemanningsenheten", Kind: tertial.UnitSection, Parent: "ksf"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "rapportor", Municipality: "0126", Role: tertial.RoleReporter, Unit: "bemanning"}, "x"); err != nil {
			t.Fatal(err)
		}
		first, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		snapshot := encode(t, first)
		ks := *first.Unit("ks")
		with := func(u tertial.Unit, change func(u *tertial.Unit)) tertial.Unit { change(&u); return u }
		for _, c := range []struct {
			name, field, text string
			do                func() error
		}{
			{"cycle", "parent", "under sig själv", func() error {
				return db.UpdateUnit(ctx, "controller", "0126", with(ks, func(u *tertial.Unit) { u.Parent = "ksf" }))
			}},
			{"own parent", "parent", "under sig själv", func() error {
				return db.UpdateUnit(ctx, "controller", "0126", with(ks, func(u *tertial.Unit) { u.Parent = "ks" }))
			}},
			{"unknown parent", "parent", `ingen enhet "xx"`, func() error {
				return db.UpdateUnit(ctx, "controller", "0126", with(ks, func(u *tertial.Unit) { u.Parent = "xx" }))
			}},
			{"unknown kind", "kind", `okänd enhetstyp "namnd"`, func() error {
				return db.UpdateUnit(ctx, "controller", "0126", with(ks, func(u *tertial.Unit) { u.Kind = "namnd" }))
			}},
			{"no name", "name", "värde saknas", func() error {
				return db.UpdateUnit(ctx, "controller", "0126", with(ks, func(u *tertial.Unit) { u.Name = "" }))
			}},
			{"bad year", "retired", "rimligt år", func() error {
				return db.UpdateUnit(ctx, "controller", "0126", with(ks, func(u *tertial.Unit) { u.Retired = 22 }))
			}},
			{"duplicate id", "id", `"ksf"`, func() error {
				return db.CreateUnit(ctx, "controller", "0126", tertial.Unit{ID: "ksf", Name: "Ny", Kind: tertial.UnitSection})
			}},
			{"invalid id", "id", "ogiltigt id", func() error {
				return db.CreateUnit(ctx, "controller", "0126", tertial.Unit{ID: "Ny enhet", Name: "Ny", Kind: tertial.UnitSection})
			}},
			{"delete with reports", "id", "en enhet med rapporter kan inte tas bort men kan avslutas", func() error {
				return db.DeleteUnit(ctx, "controller", "0126", "ks")
			}},
			{"delete with units below", "id", "underliggande enheter", func() error {
				return db.DeleteUnit(ctx, "controller", "0126", "kf")
			}},
			{"delete with accounts", "id", "1 konton", func() error {
				return db.DeleteUnit(ctx, "controller", "0126", "bemanning")
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := c.do()
				if tertial.ErrorCode(err) != tertial.EINVALID {
					t.Fatalf("err %v, want EINVALID", err)
				}
				found := false
				for _, p := range tertial.ProblemsOf(err) {
					if p.Path == c.field && strings.Contains(p.Message, c.text) {
						found = true
					}
				}
				if !found {
					t.Errorf("problems %v, want %s: …%s…", tertial.ProblemsOf(err), c.field, c.text)
				}
				now, err := db.Dataset(ctx, "0126")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(encode(t, now), snapshot) {
					t.Error("the database changed")
				}
			})
		}
		if err := db.UpdateUnit(ctx, "controller", "0126", tertial.Unit{ID: "finns-inte", Name: "X", Kind: tertial.UnitSection}); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("update of an unknown unit: %v", err)
		}
		if err := db.DeleteUnit(ctx, "controller", "0126", "finns-inte"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("delete of an unknown unit: %v", err)
		}
	})
}
