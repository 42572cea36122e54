package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// The gates: `tertial check`'s findings of a period, each in words and linked to the form
// of its item, shown in the workflow section they belong to; a blocking finding stops a
// section from being marked ready or approved and the period from being locked unless a
// controller overrides it with a reason (tertial.Gate, enforced by the store). Also the
// bulk approval of a period's (or several units') sections ready for review.

// gateRoutes registers the bulk approvals.
func (s *Server) gateRoutes() {
	s.mux.HandleFunc("POST /kommuner/{code}/enheter/{unit}/perioder/{period}/arbetsflode/godkann", s.handleBulkApprove)
	s.mux.HandleFunc("POST /kommuner/{code}/perioder/{period}/arbetsflode/godkann", s.handleMatrixApprove)
}

// wfFinding is a finding as the workflow page lists it.
type wfFinding struct {
	Text     string
	URL      string // the item's form; "" for the report as a whole
	Blocking bool
}

// periodFindings are a unit's period's findings by workflow section ("" for those about
// the report as a whole).
type periodFindings struct {
	bySection map[string][]report.Finding
	all       []report.Finding
}

// findPeriod gathers a unit's period's findings (checkOf) by section.
func (s *Server) findPeriod(ds *tertial.Dataset, gen int64, unit, period string) (*periodFindings, error) {
	fs, err := s.checkOf(ds, gen, unit, period)
	if err != nil {
		return nil, err
	}
	pf := &periodFindings{bySection: map[string][]report.Finding{}, all: fs}
	for _, f := range fs {
		pf.bySection[f.Section()] = append(pf.bySection[f.Section()], f)
	}
	return pf, nil
}

// gate is the gate of a section's step, or with section "" of the period's lock (every
// blocking finding of the period).
func (pf *periodFindings) gate(section, override string) tertial.Gate {
	g := tertial.Gate{Override: override}
	fs := pf.all
	if section != "" {
		fs = pf.bySection[section]
	}
	for _, f := range fs {
		if f.Blocking() {
			g.Blocking = append(g.Blocking, f.Words())
		}
	}
	return g
}

// findingURL is the form of a finding's item in the period, "" when it has none.
func findingURL(periodURL string, f report.Finding) string {
	edit := periodURL + "/redigera/"
	it := f.Item
	switch it.Kind {
	case report.ItemGoal:
		return edit + "mal/" + url.PathEscape(it.ID)
	case report.ItemIndicator:
		return edit + "indikator/" + url.PathEscape(it.ID) + "/" + strconv.Itoa(it.Year)
	case report.ItemAssignment:
		return edit + "uppdrag/" + url.PathEscape(it.ID)
	case report.ItemMoneyRow:
		return edit + "rad/" + url.PathEscape(it.Table) + "/" + url.PathEscape(it.ID)
	case report.ItemMoneyTable:
		return edit + "kontomappning/" + url.PathEscape(it.ID)
	case report.ItemText:
		return edit + "text/" + url.PathEscape(it.ID)
	case report.ItemControl:
		return edit + "kontroll/" + url.PathEscape(it.ID)
	case report.ItemFreeTable, report.ItemFreeRow:
		return periodURL + "/redigera#tabeller"
	}
	return ""
}

func wfFindings(periodURL string, fs []report.Finding) (out []wfFinding, blocking int) {
	// Blocking findings first, each group in check's order.
	for _, want := range []bool{true, false} {
		for _, f := range fs {
			if f.Blocking() == want {
				out = append(out, wfFinding{Text: f.Words(), URL: findingURL(periodURL, f), Blocking: want})
			}
		}
	}
	for _, f := range fs {
		if f.Blocking() {
			blocking++
		}
	}
	return out, blocking
}

// overrideText says what an override did, for the workflow page and the matrix: "Låst
// trots 3 fynd – motivering: …".
func overrideText(o store.Override) string {
	did := map[tertial.GateStep]string{tertial.GateReady: "Markerat som klart för granskning", tertial.GateApprove: "Godkänt", tertial.GateLock: "Låst"}[o.Step]
	return did + " trots " + tertial.FindingCount(len(o.Findings), false) + " – motivering: " + o.Reason
}

// wfOverride is an override as the pages show it.
type wfOverride struct {
	Text     string
	By       string
	At       string
	Findings []string
}

func viewOverride(o store.Override) wfOverride {
	return wfOverride{Text: overrideText(o), By: o.Actor, At: formatTime(o.At), Findings: o.Findings}
}

// approveReady approves the sections of a unit's period that are ready for review and
// have no blocking finding, each at the version read; it returns how many it approved and
// the titles of those it left (blocking findings, or changed meanwhile).
func (s *Server) approveReady(ctx context.Context, actor string, ds *tertial.Dataset, gen int64, ref store.PeriodRef, only map[string]bool) (approved int, left []string, err error) {
	secs, err := report.WorkflowSections(ds, ref.Unit, ref.Period)
	if err != nil {
		return 0, nil, err
	}
	pf, err := s.findPeriod(ds, gen, ref.Unit, ref.Period)
	if err != nil {
		return 0, nil, err
	}
	states, err := s.db.SectionStates(ctx, ref)
	if err != nil {
		return 0, nil, err
	}
	for _, sec := range secs {
		st := currentState(states, sec.Key)
		if st.State != tertial.SectionReady || (only != nil && !only[sec.Key]) {
			continue
		}
		_, err := s.db.SaveSectionStep(ctx, store.Edit{Actor: actor, Period: ref, Version: st.Version}, store.SectionStep{Key: sec.Key, Step: tertial.StepApprove, CanReview: true, Gate: pf.gate(sec.Key, "")})
		switch code := tertial.ErrorCode(err); {
		case err == nil:
			approved++
		case code == tertial.ECONFLICT:
			left = append(left, sec.Title)
		default:
			return approved, left, err
		}
	}
	return approved, left, nil
}

// handleBulkApprove approves the checked sections of a unit's period in one post.
func (s *Server) handleBulkApprove(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	if err := pc.require(tertial.ActReviewSection); err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	only := map[string]bool{}
	for _, k := range r.PostForm["avsnitt"] {
		only[k] = true
	}
	if len(only) == 0 {
		s.rerenderWorkflow(w, r, pc, http.StatusUnprocessableEntity, &wfProblem{"Inga avsnitt valda",
			"Kryssa i de avsnitt som ska godkännas. Ingenting har ändrats."}, nil, nil)
		return
	}
	n, left, err := s.approveReady(r.Context(), pc.user.Name, pc.ds, pc.gen, pc.ref, only)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := url.Values{"sparat": {"godkanda"}, "antal": {strconv.Itoa(n)}}
	if len(left) > 0 {
		q.Set("kvar", strings.Join(left, ", "))
	}
	http.Redirect(w, r, pc.url+"/arbetsflode?"+q.Encode(), http.StatusSeeOther)
}

// handleMatrixApprove approves, for each checked unit, every section of its period that
// is ready for review and has no blocking finding.
func (s *Server) handleMatrixApprove(w http.ResponseWriter, r *http.Request) {
	ds, gen, err := s.db.SharedDatasetGeneration(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	code, periodID := ds.Municipality.Code, r.PathValue("period")
	user := userFrom(r.Context())
	units := r.PostForm["enhet"]
	back := "/kommuner/" + code + "/perioder/" + url.PathEscape(periodID) + "/arbetsflode"
	if len(units) == 0 {
		http.Redirect(w, r, back+"?sparat=godkanda&antal=0&ingen=1", http.StatusSeeOther)
		return
	}
	total := 0
	var left []string
	for _, id := range units {
		unit := ds.Unit(id)
		if unit == nil || ds.Period(id, periodID) == nil {
			s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Enheten %q har ingen period %q.", id, periodID))
			return
		}
		per := ds.Period(id, periodID)
		ref := store.PeriodRef{Municipality: code, Unit: id, Period: periodID}
		upc := &periodCtx{ds: ds, unit: unit, per: per, ref: ref, user: user, url: periodURL(code, id, periodID)}
		if !upc.can(tertial.ActReviewSection) {
			s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att godkänna avsnitt för %s.", unit.Name))
			return
		}
		n, l, err := s.approveReady(r.Context(), user.Name, ds, gen, ref, nil)
		if err != nil {
			s.error(w, r, err)
			return
		}
		total += n
		for _, t := range l {
			left = append(left, unit.Name+": "+t)
		}
	}
	q := url.Values{"sparat": {"godkanda"}, "antal": {strconv.Itoa(total)}}
	if len(left) > 0 {
		q.Set("kvar", strings.Join(left, ", "))
	}
	http.Redirect(w, r, back+"?"+q.Encode(), http.StatusSeeOther)
}

// approvedNotice says what a bulk approval did.
func approvedNotice(q url.Values) string {
	n, _ := strconv.Atoi(q.Get("antal"))
	msg := ""
	switch {
	case q.Get("ingen") != "":
		return "Inga enheter valda: kryssa i de enheter vars klara avsnitt ska godkännas. Ingenting har ändrats."
	case n == 0:
		msg = "Inga avsnitt godkändes."
	case n == 1:
		msg = "1 avsnitt är godkänt."
	default:
		msg = strconv.Itoa(n) + " avsnitt är godkända."
	}
	if kvar := q.Get("kvar"); kvar != "" {
		msg += " Inte godkända, eftersom de har blockerande fynd eller har ändrats under tiden: " + kvar + "."
	}
	return msg
}

// checkOf is report.Check of a unit's period, kept by the dataset's generation like the
// pages built from it (pagecache.go): the check takes some 20 ms on the demo, and "Fyll
// i", the workflow, the overviews and the gates all ask for it. With no generation (0) it
// is computed each time.
func (s *Server) checkOf(ds *tertial.Dataset, gen int64, unit, period string) ([]report.Finding, error) {
	if gen == 0 {
		return report.Check(ds, unit, period)
	}
	key := pageKey{kind: "findings", muni: ds.Municipality.Code, unit: unit, period: period, generation: gen}
	body, err := s.pages.get(key, func() ([]byte, error) {
		fs, err := report.Check(ds, unit, period)
		if err != nil {
			return nil, err
		}
		return json.Marshal(fs)
	})
	if err != nil {
		return nil, err
	}
	var fs []report.Finding
	if err := json.Unmarshal(body, &fs); err != nil {
		return nil, err
	}
	return fs, nil
}
