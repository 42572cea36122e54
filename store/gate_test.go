package store_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestGates: a section with blocking findings is not marked ready nor approved, and a
// period is not locked, without an override's reason; with one the step is taken and the
// override is stored with the findings and audited, in the same transaction as the step.
func TestGates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		blocking := []string{"Målet «Skattemedel används effektivt» saknar bedömning", "Raden «Kommunstyrelsen» i tabellen «Drift» saknar prognos"}
		edit := store.Edit{Actor: "rapportor", Period: ks}

		// Refused: nothing saved, nothing recorded.
		_, err := sectionStep(db, edit, "mal", tertial.StepReady, "", tertial.Gate{Blocking: blocking})
		if tertial.ErrorCode(err) != tertial.ECONFLICT || !strings.Contains(err.Error(), "2 blockerande fynd") || !strings.Contains(err.Error(), "saknar prognos") {
			t.Fatalf("ready over blocking findings: %v, want ECONFLICT naming both findings", err)
		}
		if st, _ := db.SectionStates(ctx, ks); len(st) != 0 {
			t.Errorf("the refused step saved a state: %v", st)
		}
		// A blank reason is none; a reason with a control character is refused.
		if _, err := sectionStep(db, edit, "mal", tertial.StepReady, "", tertial.Gate{Blocking: blocking, Override: "  \t"}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("blank reason: %v, want ECONFLICT", err)
		}
		if _, err := sectionStep(db, edit, "mal", tertial.StepReady, "", tertial.Gate{Blocking: blocking, Override: "x\x1b"}); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("reason with a control character: %v, want EINVALID", err)
		}
		if _, err := sectionStep(db, edit, "mal", tertial.StepReady, "", tertial.Gate{Blocking: blocking, Override: strings.Repeat("a", tertial.MaxOverrideReason+1)}); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("too long a reason: %v, want EINVALID", err)
		}
		// Going back to in progress, or starting, is never gated.
		v, err := sectionStep(db, edit, "mal", tertial.StepStart, "", tertial.Gate{Blocking: blocking})
		if err != nil || v != 1 {
			t.Fatalf("start a section with blocking findings: %d %v", v, err)
		}
		// Overridden: saved, with the override stored and audited.
		controller := store.Edit{Actor: "controller", Period: ks, Version: v}
		if _, err := sectionStep(db, controller, "mal", tertial.StepReady, "", tertial.Gate{Blocking: blocking, Override: "  Bedömningarna görs på nämndens möte.  "}); err != nil {
			t.Fatalf("ready with an override: %v", err)
		}
		// No blocking findings: no gate, nothing recorded.
		if _, err := sectionStep(db, store.Edit{Actor: "controller", Period: ks}, "texter", tertial.StepReady, "", tertial.Gate{Override: "onödig"}); err != nil {
			t.Fatalf("ready without findings: %v", err)
		}

		// The lock: refused without a reason, taken with one.
		d := decision
		d.Gate = tertial.Gate{Blocking: blocking[:1]}
		if err := db.LockPeriod(ctx, "controller", ks, d); tertial.ErrorCode(err) != tertial.ECONFLICT || !strings.Contains(err.Error(), "1 blockerande fynd") {
			t.Fatalf("lock over a blocking finding: %v, want ECONFLICT", err)
		}
		if ds, err := db.Dataset(ctx, "0126"); err != nil || ds.Period("ks", "2021-08").State != tertial.PeriodOpen {
			t.Fatalf("the refused lock locked the period (%v)", err)
		}
		d.Gate.Override = "Nämnden beslutade trots bristerna, § 12."
		if err := db.LockPeriod(ctx, "controller", ks, d); err != nil {
			t.Fatalf("lock with an override: %v", err)
		}

		got, err := db.Overrides(ctx, ks)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("overrides: %+v, want 2 (the section's and the lock's)", got)
		}
		sec, lock := got[0], got[1]
		if sec.Section != "mal" || sec.Step != tertial.GateReady || sec.Actor != "controller" || sec.Reason != "Bedömningarna görs på nämndens möte." ||
			len(sec.Findings) != 2 || sec.Findings[1] != blocking[1] || sec.At.IsZero() {
			t.Errorf("the section's override: %+v", sec)
		}
		if lock.Section != "" || lock.Step != tertial.GateLock || lock.Reason != d.Gate.Override || len(lock.Findings) != 1 || lock.Findings[0] != blocking[0] {
			t.Errorf("the lock's override: %+v", lock)
		}
		byUnit, err := db.PeriodOverrides(ctx, "0126", "2021-08")
		if err != nil || len(byUnit["ks"]) != 2 || len(byUnit) != 1 {
			t.Errorf("period overrides: %v %v", byUnit, err)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "override"})
		if err != nil {
			t.Fatal(err)
		}
		reasons := map[string]string{}
		for _, e := range entries {
			if e.Field == "reason" {
				reasons[e.Key] = e.New
			}
		}
		if reasons["ks/2021-08/mal"] != sec.Reason || reasons["ks/2021-08"] != d.Gate.Override {
			t.Errorf("audited overrides: %v", reasons)
		}
	})
}

// sectionStep takes a workflow step as the site would for a user who may review when the
// step is a reviewer's; it returns the section's new version.
func sectionStep(db *store.DB, e store.Edit, key string, step tertial.SectionStep, comment string, g tertial.Gate) (int, error) {
	st, err := db.SaveSectionStep(ctx, e, store.SectionStep{Key: key, Step: step, Comment: comment,
		CanReview: step == tertial.StepApprove || step == tertial.StepSendBack, Gate: g})
	return st.Version, err
}

// TestSectionStepRule: the store applies the workflow's rule to the state it reads in the
// writing transaction, whoever calls it: no approval of a section never marked ready, no
// send-back without a comment, nothing saved when refused.
func TestSectionStepRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		e := store.Edit{Actor: "controller", Period: ks}
		if _, err := sectionStep(db, e, "texter", tertial.StepApprove, "", tertial.Gate{}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Fatalf("approve a section not started: %v, want ECONFLICT", err)
		}
		if st, _ := db.SectionStates(ctx, ks); len(st) != 0 {
			t.Fatalf("a refused step saved %v", st)
		}
		v, err := sectionStep(db, e, "texter", tertial.StepReady, "", tertial.Gate{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sectionStep(db, store.Edit{Actor: "controller", Period: ks, Version: v}, "texter", tertial.StepSendBack, " ", tertial.Gate{}); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Fatalf("send back without a comment: %v, want EINVALID", err)
		}
		if _, err := db.SaveSectionStep(ctx, store.Edit{Actor: "controller", Period: ks, Version: v}, store.SectionStep{Key: "texter", Step: tertial.StepWithdraw, CanReview: true}); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Fatalf("a controller withdraws: %v, want EINVALID", err)
		}
		st, err := db.SaveSectionStep(ctx, store.Edit{Actor: "rapportor", Period: ks, Version: v}, store.SectionStep{Key: "texter", Step: tertial.StepWithdraw})
		if err != nil || st.State != tertial.SectionInProgress || st.Version != v+1 {
			t.Fatalf("withdraw: %+v %v", st, err)
		}
	})
}
