package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestGatesFindingsInWorkflow: each section lists its findings in words, blocking first,
// linked to the forms of their items; the reporter is told that blocking findings stop
// the section, and the controller gets a reason field instead.
func TestGatesFindingsInWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		rep := login(t, srv, "rapportor")
		_, _, page := getAs(t, rep, srv.URL+wfPage)
		goals := sectionText(t, page, "mal")
		for _, want := range []string{"24 fynd, varav 14 blockerande", "Blockerande: Målet «Skattemedel används effektivt» saknar bedömning",
			"Varning: Indikatorn «Sjukfrånvaro (KS)» har ett värde för 2021 men inget etappmål", "kan inte markeras som klart för granskning förrän de är rättade"} {
			if !strings.Contains(goals, want) {
				t.Errorf("the goals section lacks %q: %q", want, goals)
			}
		}
		if strings.Contains(goals, "nm-skattemedel") || strings.Contains(goals, "Klar för granskning:") {
			t.Errorf("the goals section shows an internal id or offers the blocked button: %q", goals)
		}
		if !strings.Contains(page, `href="`+wfPeriod+`/redigera/mal/nm-skattemedel">Målet «Skattemedel används effektivt» saknar bedömning`) {
			t.Error("the finding does not link to the goal's form")
		}
		if !strings.Contains(page, `href="`+wfPeriod+`/redigera/indikator/rekommendera-flytta/2021"`) {
			t.Error("the indicator's finding does not link to its value's form")
		}
		if strings.Contains(page, `name="motivering"`) {
			t.Error("the reporter is offered an override")
		}
		_, _, page = getAs(t, session, srv.URL+wfPage)
		if !strings.Contains(page, `id="motivering-mal"`) || strings.Contains(page, `id="motivering-texter"`) {
			t.Error("the controller's reason field is not where blocking findings are, or is where none are")
		}
		// Fyll i lists the same findings, in words and linked.
		_, _, page = getAs(t, rep, srv.URL+wfPeriod+"/redigera")
		if !strings.Contains(page, `<a href="`+wfPeriod+`/redigera/mal/nm-skattemedel">Målet «Skattemedel används effektivt» saknar bedömning`) ||
			strings.Contains(page, "mål nm-skattemedel") || !strings.Contains(page, `id="ekonomi"`) {
			t.Error("Fyll i's findings are not in words and linked, or its groups lack the workflow's anchors")
		}
	})
}

// TestGatesWithdrawAndBulkApprove: a reporter withdraws a section ready for review, not
// one approved; a controller approves the checked ready sections in one post, the
// sections with blocking findings left out, and from the matrix every ready section of
// the checked units.
func TestGatesWithdrawAndBulkApprove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		rep := login(t, srv, "rapportor")
		ctl := session

		step(t, srv, db, rep, wfPage, wfRef, "texter", "klar", "")
		_, _, page := getAs(t, rep, srv.URL+wfPage)
		if s := sectionText(t, page, "texter"); !strings.Contains(s, "Återkalla") {
			t.Errorf("no withdraw button for a section ready for review: %q", s)
		}
		step(t, srv, db, rep, wfPage, wfRef, "texter", "aterkalla", "")
		if st := currentStateOf(t, db, "texter"); st != tertial.SectionInProgress {
			t.Errorf("after withdrawing: %s", st)
		}
		// Ready again and approved: no longer withdrawn.
		step(t, srv, db, rep, wfPage, wfRef, "texter", "klar", "")
		step(t, srv, db, rep, wfPage, wfRef, "ekonomi", "klar", "")
		step(t, srv, db, rep, wfPage, wfRef, "tabeller", "klar", "")
		_, _, page = getAs(t, ctl, srv.URL+wfPage)
		for _, key := range []string{"texter", "ekonomi", "tabeller"} {
			if !strings.Contains(page, `id="godkann-`+key+`" name="avsnitt" value="`+key+`"`) {
				t.Errorf("the bulk approval does not offer %s", key)
			}
		}
		status, h, _ := workflowPost(t, ctl, srv.URL+wfPage+"/godkann", url.Values{"avsnitt": {"texter", "ekonomi"}})
		if status != http.StatusSeeOther {
			t.Fatalf("bulk approve: %d", status)
		}
		_, _, page = getAs(t, ctl, srv.URL+h.Get("Location"))
		if !strings.Contains(text(page), "2 avsnitt är godkända.") {
			t.Errorf("bulk approve notice: %q", text(page))
		}
		for key, want := range map[string]tertial.SectionState{"texter": tertial.SectionApproved, "ekonomi": tertial.SectionApproved, "tabeller": tertial.SectionReady} {
			if st := currentStateOf(t, db, key); st != want {
				t.Errorf("%s after bulk approve: %s, want %s", key, st, want)
			}
		}
		v := sectionVersion(t, db, wfRef, "texter")
		if status, _, _ := workflowPost(t, rep, srv.URL+wfPage+"/avsnitt/texter", url.Values{"atgard": {"aterkalla"}, "version": {strconv.Itoa(v)}}); status != http.StatusConflict {
			t.Errorf("withdraw an approved section: %d, want 409", status)
		}
		if status, _, _ := workflowPost(t, rep, srv.URL+wfPage+"/godkann", url.Values{"avsnitt": {"tabeller"}}); status != http.StatusForbidden {
			t.Errorf("a reporter's bulk approval: %d, want 403", status)
		}
		// From the matrix.
		_, _, page = getAs(t, ctl, srv.URL+wfMatrix)
		if !strings.Contains(page, `name="enhet" value="ks"`) {
			t.Fatal("the matrix does not offer ks for approval")
		}
		status, h, _ = workflowPost(t, ctl, srv.URL+wfMatrix+"/godkann", url.Values{"enhet": {"ks"}})
		if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), wfMatrix+"?") {
			t.Fatalf("matrix approve: %d %q", status, h.Get("Location"))
		}
		if st := currentStateOf(t, db, "tabeller"); st != tertial.SectionApproved {
			t.Errorf("tabeller after the matrix' approval: %s", st)
		}
	})
}

// TestLockedPeriodReadOnly: on a locked period every "ändra" link of Fyll i becomes "visa"
// and leads to the item's values, not to a refusal; a post is still refused.
func TestLockedPeriodReadOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t), ekbyDataset(t))
		ekbyCtl := login(t, srv, "controller-ekby")
		base := "/kommuner/9901/enheter/kfn/perioder/2025-12"
		status, _, page := getAs(t, ekbyCtl, srv.URL+base+"/redigera")
		if status != http.StatusOK {
			t.Fatalf("Fyll i: %d", status)
		}
		if strings.Contains(page, ">ändra<") || !strings.Contains(page, ">visa<") {
			t.Error("a locked period's Fyll i still says ändra, or has no visa links")
		}
		status, _, page = getAs(t, ekbyCtl, srv.URL+base+"/redigera/mal/kfn-1")
		if status != http.StatusOK {
			t.Fatalf("the goal of a locked period: %d", status)
		}
		got := text(page)
		if !strings.Contains(got, "Låst.") || strings.Contains(page, `action="`+base+`/redigera/mal/kfn-1"`) || strings.Contains(got, "### Lovaktiviteter") || !strings.Contains(page, `<dl class="readonly">`) {
			t.Errorf("the read-only view: %q", got)
		}
		if status, _, _ := workflowPost(t, ekbyCtl, srv.URL+base+"/redigera/mal/kfn-1", url.Values{"version": {"1"}}); status != http.StatusLocked {
			t.Errorf("a post to a locked period: %d, want 423", status)
		}
	})
}

func currentStateOf(t *testing.T, db *store.DB, key string) tertial.SectionState {
	t.Helper()
	states, err := db.SectionStates(t.Context(), wfRef)
	if err != nil {
		t.Fatal(err)
	}
	return states[key].State
}
