package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// The workflow: each top-level section of a unit's report goes from not started through in
// progress and ready for review to approved; a controller approves it or sends it back
// with a comment, and when every section is approved records the board's decision, which
// locks the period.

// workflowRoutes registers the workflow pages: section states, review, decision and lock.
func (s *Server) workflowRoutes() {
	base := "/kommuner/{code}/enheter/{unit}/perioder/{period}/arbetsflode"
	s.mux.HandleFunc("GET "+base, s.handleWorkflow)
	s.mux.HandleFunc("POST "+base+"/avsnitt/{key}", s.handleSectionState)
	s.mux.HandleFunc("POST "+base+"/beslut", s.handleLockPeriod)
	s.mux.HandleFunc("POST "+base+"/las-upp", s.handleUnlockPeriod)
	s.mux.HandleFunc("GET /kommuner/{code}/perioder/{period}/arbetsflode", s.handleWorkflowMatrix)
}

// sectionStateLabels gives each section state its words, a symbol and a class for the
// symbol's colour: the words always stand beside the symbol, so neither colour nor shape
// is the only cue.
var sectionStateLabels = map[tertial.SectionState]report.StatusLabel{
	tertial.SectionNotStarted: {Text: tertial.SectionStateWords[tertial.SectionNotStarted], Symbol: "○", Class: "wf-not-started"},
	tertial.SectionInProgress: {Text: tertial.SectionStateWords[tertial.SectionInProgress], Symbol: "◐", Class: "wf-in-progress"},
	tertial.SectionReady:      {Text: tertial.SectionStateWords[tertial.SectionReady], Symbol: "●", Class: "wf-ready"},
	tertial.SectionApproved:   {Text: tertial.SectionStateWords[tertial.SectionApproved], Symbol: "✔", Class: "wf-approved"},
}

// transition is what a button on a section does: a step of the workflow
// (tertial.SectionTransitions, the rule), its form value and its label.
type transition struct {
	tertial.SectionTransition
	value string // the button's value (atgard)
	label string
}

// transitions are the steps as the site offers them, in the rule's order.
var transitions = func() []transition {
	site := map[tertial.SectionStep][2]string{
		tertial.StepStart:    {"paborja", "Påbörja"},
		tertial.StepReady:    {"klar", "Klar för granskning"},
		tertial.StepApprove:  {"godkann", "Godkänn"},
		tertial.StepSendBack: {"skicka-tillbaka", "Skicka tillbaka"},
		tertial.StepWithdraw: {"aterkalla", "Återkalla"},
	}
	var out []transition
	for _, t := range tertial.SectionTransitions {
		out = append(out, transition{t, site[t.Step][0], site[t.Step][1]})
	}
	return out
}()

func transitionByValue(v string) (transition, bool) {
	for _, t := range transitions {
		if t.value == v {
			return t, true
		}
	}
	return transition{}, false
}

// wfReportSection is a part of the period that goes through the workflow.
type wfReportSection = report.WorkflowSection

// workflowSections returns the workflow's sections of the period: what "Fyll i" groups
// (report.WorkflowSections).
func workflowSections(ds *tertial.Dataset, unit, period string) ([]wfReportSection, error) {
	return report.WorkflowSections(ds, unit, period)
}

// workflowSection is the period's workflow section of the key (ENOTFOUND when none), for
// the site's and the API's steps.
func workflowSection(pc *periodCtx, key string) (*wfReportSection, error) {
	secs, err := workflowSections(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		return nil, err
	}
	for i := range secs {
		if secs[i].Key == key {
			return &secs[i], nil
		}
	}
	return nil, tertial.Errorf(tertial.ENOTFOUND, "Perioden har inget avsnitt %q i arbetsflödet.", key)
}

// currentState returns a section's recorded state, not started when it has none.
func currentState(states map[string]store.SectionState, key string) store.SectionState {
	st, ok := states[key]
	if !ok || st.State == "" {
		return store.SectionState{Key: key, State: tertial.SectionNotStarted}
	}
	return st
}

// deadlineView is a period's deadline as the pages show it.
type deadlineView struct {
	Set    bool
	Date   string // "10 september 2021"
	Passed bool
	Note   string // "har passerat", "i dag", "om 3 dagar"
}

func (s *Server) deadline(per *tertial.Period) deadlineView {
	if per.Deadline.IsZero() {
		return deadlineView{}
	}
	d := deadlineView{Set: true, Date: sv.LongDate(per.Deadline)}
	now := s.db.Now().Local()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	due := time.Date(per.Deadline.Year(), per.Deadline.Month(), per.Deadline.Day(), 0, 0, 0, 0, time.UTC)
	switch days := int(due.Sub(today).Hours() / 24); {
	case days < 0:
		d.Passed, d.Note = true, "har passerat"
	case days == 0:
		d.Note = "i dag"
	case days == 1:
		d.Note = "i morgon"
	default:
		d.Note = "om " + strconv.Itoa(days) + " dagar"
	}
	return d
}

func decisionText(per *tertial.Period) string {
	if per.State != tertial.PeriodLocked {
		return ""
	}
	var parts []string
	if !per.DecisionDate.IsZero() {
		parts = append(parts, sv.LongDate(per.DecisionDate))
	}
	if per.DecisionParagraph != "" {
		parts = append(parts, per.DecisionParagraph)
	}
	return strings.Join(parts, ", ")
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// workflowPage is a unit's period in the workflow: its sections with their states and
// what the user may do with them, and the board's decision.
type workflowPage struct {
	base
	Title       string
	Unit        string
	PeriodTitle string
	MuniName    string
	MuniURL     string
	PeriodURL   string
	EditURL     string
	ReportURL   string
	MatrixURL   string
	SettingsURL string // the period's settings (its deadline); "" when the user may not change them
	LockURL     string
	UnlockURL   string
	State       string
	Locked      bool
	Decision    string
	Deadline    deadlineView
	Sections    []wfSection
	Approved    int
	Total       int
	AllApproved bool
	CanLock     bool // may record the decision; the form shows when every section is approved
	CanUnlock   bool
	LockFields  []wfField
	Unlock      wfField
	// The gates: the findings about the report as a whole, the number of blocking
	// findings of the whole period, the reason field of an override of the lock (nil when
	// the user may not override or nothing blocks), and the overrides made.
	PeriodFindings []wfFinding
	Blocking       int
	LockOverride   *wfField
	Overrides      []wfOverride
	CanOverride    bool
	BulkURL        string
	CanBulk        bool // some section is ready for review and the user may approve it
	Errors         []fieldError
	Problem        *wfProblem
	Notice         string
	Note           string // what the user may do, when it is less than everything
}

// wfProblem is a refusal shown at the top of the page: a conflict or a step out of order.
type wfProblem struct{ Heading, Message string }

type wfSection struct {
	Key       string
	Title     string
	State     report.StatusLabel
	Version   int
	UpdatedBy string
	UpdatedAt string
	Comment   string
	Action    string
	Buttons   []wfButton
	SendBack  *wfField // the comment field, when the user may send the section back
	History   string
	FillURL   string // the section's part of "Fyll i"
	Findings  []wfFinding
	Blocking  int      // blocking findings
	Override  *wfField // the reason field, when a gated button needs one and the user may give it
	Blocked   string   // why the gated buttons are not offered
	Overrides []wfOverride
	Ready     bool // ready for review: the bulk approval offers it
}

type wfButton struct{ Value, Label string }

// wfField is a form field of the workflow page; ID is unique on the page.
type wfField struct {
	ID, Name, Label, Hint, Value, Error, Type string
}

// buildWorkflowPage reads the sections' states as they are now.
func (s *Server) buildWorkflowPage(ctx context.Context, pc *periodCtx) (*workflowPage, error) {
	secs, err := workflowSections(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		return nil, err
	}
	states, err := s.db.SectionStates(ctx, pc.ref)
	if err != nil {
		return nil, err
	}
	pf, err := s.findPeriod(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
	if err != nil {
		return nil, err
	}
	overrides, err := s.db.Overrides(ctx, pc.ref)
	if err != nil {
		return nil, err
	}
	code := pc.ds.Municipality.Code
	wf := pc.url + "/arbetsflode"
	locked := pc.per.State == tertial.PeriodLocked
	page := &workflowPage{
		Title: "Arbetsflöde: " + pc.unit.Name + ", " + pc.per.Title, Unit: pc.unit.Name, PeriodTitle: pc.per.Title,
		MuniName: pc.ds.Municipality.Name, MuniURL: "/kommuner/" + code,
		PeriodURL: pc.url, EditURL: pc.url + "/redigera", ReportURL: pc.url + "/rapport",
		MatrixURL: "/kommuner/" + code + "/perioder/" + url.PathEscape(pc.per.ID) + "/arbetsflode",
		LockURL:   wf + "/beslut", UnlockURL: wf + "/las-upp",
		State: report.PeriodStateLabels[pc.per.State], Locked: locked, Decision: decisionText(pc.per),
		Deadline: s.deadline(pc.per), Total: len(secs), BulkURL: wf + "/godkann",
	}
	page.PeriodFindings, _ = wfFindings(pc.url, pf.bySection[""])
	page.Blocking = len(pf.gate("", "").Blocking)
	page.CanOverride = tertial.CanOverrideGate(pc.user, pc.target()) && !locked
	for _, o := range overrides {
		if o.Section == "" {
			page.Overrides = append(page.Overrides, viewOverride(o))
		}
	}
	if pc.can(tertial.ActEditStructure) {
		page.SettingsURL = periodSettingsURL(pc)
	}
	submit, review, lock := pc.can(tertial.ActSubmitSection), pc.can(tertial.ActReviewSection), pc.can(tertial.ActLockPeriod)
	for _, sec := range secs {
		st := currentState(states, sec.Key)
		ws := wfSection{Key: sec.Key, Title: sec.Title, State: sectionStateLabels[st.State], Version: st.Version,
			UpdatedBy: st.UpdatedBy, UpdatedAt: formatTime(st.UpdatedAt), Comment: st.Comment,
			Action:  wf + "/avsnitt/" + url.PathEscape(sec.Key),
			History: "/historik?kommun=" + url.QueryEscape(code) + "&typ=section&nyckel=" + url.QueryEscape(pc.ref.Unit+"/"+pc.ref.Period+"/"+sec.Key),
			FillURL: pc.url + "/redigera#" + sec.Key}
		ws.Findings, ws.Blocking = wfFindings(pc.url, pf.bySection[sec.Key])
		for _, o := range overrides {
			if o.Section == sec.Key {
				ws.Overrides = append(ws.Overrides, viewOverride(o))
			}
		}
		if st.State == tertial.SectionApproved {
			page.Approved++
		}
		if st.State == tertial.SectionReady && review && ws.Blocking == 0 {
			ws.Ready, page.CanBulk = true, true
		}
		gatedOffered := false
		for _, t := range transitions {
			may := (t.Action == tertial.ActSubmitSection && submit) || (t.Action == tertial.ActReviewSection && review)
			if !may || !t.AllowedFrom(st.State) || !t.OfferedTo(review) {
				continue
			}
			if t.Gate != "" && ws.Blocking > 0 {
				if !page.CanOverride {
					ws.Blocked = "Avsnittet har " + tertial.FindingCount(ws.Blocking, true) + " och kan inte " + map[string]string{"klar": "markeras som klart för granskning", "godkann": "godkännas"}[t.value] +
						" förrän de är rättade. En controller kan gå vidare ändå med en motivering."
					continue
				}
				gatedOffered = true
			}
			if t.Step == tertial.StepSendBack {
				ws.SendBack = &wfField{ID: "kommentar-" + sec.Key, Name: "kommentar", Label: "Varför skickas avsnittet tillbaka? (obligatoriskt)",
					Hint: "Skriv vad som behöver ändras. Kommentaren visas för den som skriver avsnittet.", Type: "textarea"}
				continue
			}
			ws.Buttons = append(ws.Buttons, wfButton{Value: t.value, Label: t.label})
		}
		if gatedOffered {
			ws.Override = &wfField{ID: "motivering-" + sec.Key, Name: "motivering", Label: "Motivering för att gå vidare trots " + tertial.FindingCount(ws.Blocking, true),
				Hint: "Krävs för att markera avsnittet som klart eller godkänna det innan fynden är rättade. Motiveringen sparas och visas i arbetsflödet.", Type: "textarea"}
		}
		page.Sections = append(page.Sections, ws)
	}
	page.AllApproved = page.Total > 0 && page.Approved == page.Total
	page.CanLock = lock && !locked
	page.CanUnlock = lock && locked
	today := sv.Date(s.db.Now().Local())
	page.LockFields = []wfField{
		{ID: "beslut-datum", Name: "datum", Label: "Datum för nämndens beslut", Type: "text",
			Hint: "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel " + today + "."},
		{ID: "beslut-paragraf", Name: "paragraf", Label: "Paragraf i protokollet", Type: "text",
			Hint: "Till exempel § 12."},
	}
	if page.CanLock && page.Blocking > 0 && page.CanOverride {
		page.LockOverride = &wfField{ID: "beslut-motivering", Name: "motivering", Type: "textarea",
			Label: "Motivering för att låsa trots " + tertial.FindingCount(page.Blocking, true),
			Hint:  "Perioden har fynd som annars hindrar låsningen. Skriv varför den ändå ska låsas; motiveringen sparas och visas i arbetsflödet."}
	}
	page.Unlock = wfField{ID: "las-upp-bekrafta", Name: "bekrafta", Type: "checkbox",
		Label: "Ja, öppna perioden igen. Nämndens beslut tas bort från perioden men finns kvar i ändringshistoriken."}
	switch {
	case locked:
	case !submit && !review:
		page.Note = "Du kan läsa arbetsflödet men inte ändra avsnittens läge."
	case !review:
		page.Note = "Du kan påbörja avsnitt och markera dem som klara för granskning. En controller granskar och godkänner dem."
	}
	return page, nil
}

func (s *Server) handleWorkflow(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	page, err := s.buildWorkflowPage(r.Context(), pc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	switch q.Get("sparat") {
	case "avsnitt":
		for _, sec := range page.Sections {
			if sec.Key == q.Get("avsnitt") {
				page.Notice = "Ändringen är sparad: " + sec.Title + " har nu läget " + sec.State.Text + "."
			}
		}
	case "last":
		if page.Locked {
			page.Notice = "Nämndens beslut är registrerat och perioden är låst."
		}
	case "upplast":
		if !page.Locked {
			page.Notice = "Perioden är upplåst och kan ändras igen."
		}
	case "godkanda":
		page.Notice = approvedNotice(q)
	}
	s.render(w, r, http.StatusOK, "workflow.html", page)
}

// rerender shows the workflow page again, as it is saved now, with a refusal or the
// user's mistakes.
func (s *Server) rerenderWorkflow(w http.ResponseWriter, r *http.Request, pc *periodCtx, status int, prob *wfProblem, errs []fieldError, keep func(*workflowPage)) {
	// Read the period again: it may have been locked or unlocked meanwhile.
	if fresh, err := s.loadPeriod(r); err == nil {
		pc = fresh
	}
	page, err := s.buildWorkflowPage(r.Context(), pc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Problem, page.Errors = prob, errs
	if keep != nil {
		keep(page)
	}
	s.render(w, r, status, "workflow.html", page)
}

func (s *Server) handleSectionState(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	sec, err := workflowSection(pc, r.PathValue("key"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	t, ok := transitionByValue(r.PostForm.Get("atgard"))
	if !ok {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Välj vad som ska göras med avsnittet."))
		return
	}
	if err := pc.require(t.Action); err != nil {
		s.error(w, r, err)
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 0 {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret saknar version. Ladda om sidan och försök igen."))
		return
	}
	comment := formText(r.PostForm, "kommentar")
	reason := formText(r.PostForm, "motivering")
	// Whatever is refused, a comment or reason the user typed stays in its field.
	keep := func(p *workflowPage) {
		for i := range p.Sections {
			if p.Sections[i].Key == sec.Key && p.Sections[i].SendBack != nil {
				p.Sections[i].SendBack.Value = comment
			}
			if p.Sections[i].Key == sec.Key && p.Sections[i].Override != nil {
				p.Sections[i].Override.Value = reason
			}
		}
	}
	states, err := s.db.SectionStates(r.Context(), pc.ref)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur := currentState(states, sec.Key)
	stale := func() {
		msg := "Någon annan har ändrat avsnittet " + sec.Title + " sedan du öppnade sidan. Ingenting har sparats."
		if now := currentState(mustStates(r.Context(), s.db, pc.ref, states), sec.Key); now.UpdatedBy != "" {
			msg += " Avsnittet har nu läget " + sectionStateLabels[now.State].Text + " (ändrat av " + now.UpdatedBy + " " + formatTime(now.UpdatedAt) + ")."
		}
		msg += " Se det aktuella läget nedan och gör om ändringen om den fortfarande behövs."
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Någon annan har hunnit ändra avsnittet", msg}, nil, keep)
	}
	if cur.Version != version {
		stale()
		return
	}
	if !t.AllowedFrom(cur.State) {
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Det går inte att göra så med avsnittet",
			"Avsnittet " + sec.Title + " har läget " + sectionStateLabels[cur.State].Text + " och kan inte " + t.Verb + ". Ingenting har sparats."}, nil, keep)
		return
	}
	var gate tertial.Gate
	if t.Gate != "" {
		pf, err := s.findPeriod(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if reason != "" && !tertial.CanOverrideGate(pc.user, pc.target()) {
			s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara en controller kan gå vidare trots blockerande fynd."))
			return
		}
		gate = pf.gate(sec.Key, reason)
		if len(gate.Blocking) > 0 && strings.TrimSpace(reason) == "" {
			msg := "Avsnittet " + sec.Title + " har " + tertial.FindingCount(len(gate.Blocking), true) + " och kan inte " + t.Verb + " förrän de är rättade; de står under avsnittet nedan med länkar till det som ska rättas. Ingenting har sparats."
			var errs []fieldError
			if tertial.CanOverrideGate(pc.user, pc.target()) {
				msg = "Avsnittet " + sec.Title + " har " + tertial.FindingCount(len(gate.Blocking), true) + ". Rätta dem, eller skriv en motivering för att gå vidare ändå. Ingenting har sparats."
				errs = []fieldError{{"motivering-" + sec.Key, "Skriv varför avsnittet ska " + map[tertial.SectionStep]string{tertial.StepReady: "markeras som klart", tertial.StepApprove: "godkännas"}[t.Step] + " trots " + tertial.FindingCount(len(gate.Blocking), true) + "."}}
			}
			s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Avsnittet har blockerande fynd", msg}, errs, withFieldErrors(keep))
			return
		}
	}
	if t.Step == tertial.StepSendBack && comment == "" {
		s.rerenderWorkflow(w, r, pc, http.StatusUnprocessableEntity, nil,
			[]fieldError{{"kommentar-" + sec.Key, "Skriv varför avsnittet " + sec.Title + " skickas tillbaka."}}, withFieldErrors(keep))
		return
	}
	_, err = s.db.SaveSectionStep(r.Context(), pc.edit(version), store.SectionStep{Key: sec.Key, Step: t.Step, Comment: comment,
		CanReview: pc.can(tertial.ActReviewSection), Gate: gate})
	switch {
	case len(tertial.ProblemsOf(err)) > 0:
		var errs []fieldError
		for _, p := range tertial.ProblemsOf(err) {
			field := "kommentar-" + sec.Key
			if p.Path == "override" {
				field = "motivering-" + sec.Key
			}
			errs = append(errs, fieldError{field, tertial.Capitalize(p.Message) + "."})
		}
		s.rerenderWorkflow(w, r, pc, http.StatusUnprocessableEntity, nil, errs, withFieldErrors(keep))
	case tertial.ErrorCode(err) == tertial.ECONFLICT:
		stale()
	case err != nil:
		s.error(w, r, err)
	default:
		http.Redirect(w, r, pc.url+"/arbetsflode?sparat=avsnitt&avsnitt="+url.QueryEscape(sec.Key)+"#"+sec.Key, http.StatusSeeOther)
	}
}

// mustStates reads the states again, or keeps the ones read before if that fails.
func mustStates(ctx context.Context, db *store.DB, p store.PeriodRef, before map[string]store.SectionState) map[string]store.SectionState {
	if st, err := db.SectionStates(ctx, p); err == nil {
		return st
	}
	return before
}

// withFieldErrors marks the page's fields with the page's errors, after keep.
func withFieldErrors(keep func(*workflowPage)) func(*workflowPage) {
	return func(p *workflowPage) {
		if keep != nil {
			keep(p)
		}
		for _, e := range p.Errors {
			for i := range p.Sections {
				if f := p.Sections[i].SendBack; f != nil && f.ID == e.Field {
					f.Error = e.Message
				}
				if f := p.Sections[i].Override; f != nil && f.ID == e.Field {
					f.Error = e.Message
				}
			}
			if f := p.LockOverride; f != nil && f.ID == e.Field {
				f.Error = e.Message
			}
			for i := range p.LockFields {
				if p.LockFields[i].ID == e.Field {
					p.LockFields[i].Error = e.Message
				}
			}
			if p.Unlock.ID == e.Field {
				p.Unlock.Error = e.Message
			}
		}
	}
}

// parseParagraph reads the § of the minutes as people write it ("12", "§12", "§ 12 a")
// and returns it as "§ 12".
func parseParagraph(v string) (string, string) {
	v = strings.TrimSpace(v)
	rest := strings.TrimSpace(strings.TrimLeft(v, "§ "))
	switch {
	case v == "":
		return "", "Ange paragrafen i nämndens protokoll, till exempel § 12."
	case rest == "" || !unicode.IsDigit([]rune(rest)[0]):
		return "", "Paragrafen ska börja med ett nummer, till exempel § 12."
	case utf8.RuneCountInString(rest) > 20:
		return "", "Paragrafen får vara högst 20 tecken, till exempel § 12."
	}
	return "§ " + rest, ""
}

func (s *Server) handleLockPeriod(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	if err := pc.require(tertial.ActLockPeriod); err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	dateText, paraText := strings.TrimSpace(r.PostForm.Get("datum")), strings.TrimSpace(r.PostForm.Get("paragraf"))
	reason := formText(r.PostForm, "motivering")
	keep := func(p *workflowPage) {
		p.LockFields[0].Value, p.LockFields[1].Value = dateText, paraText
		if p.LockOverride != nil {
			p.LockOverride.Value = reason
		}
	}
	if pc.per.State == tertial.PeriodLocked {
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Perioden är redan låst",
			"Nämndens beslut är redan registrerat och perioden är låst. Ingenting har ändrats."}, nil, nil)
		return
	}
	page, err := s.buildWorkflowPage(r.Context(), pc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Every section must be approved first: checked here to explain it, and again by the
	// store in the locking transaction.
	if !page.AllApproved {
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Perioden kan inte låsas ännu",
			strconv.Itoa(page.Approved) + " av " + strconv.Itoa(page.Total) + " avsnitt är godkända. Alla avsnitt måste vara godkända innan nämndens beslut registreras och perioden låses. Ingenting har ändrats."}, nil, keep)
		return
	}
	var errs []fieldError
	date, err := time.Parse(time.DateOnly, dateText)
	switch {
	case dateText == "":
		errs = append(errs, fieldError{"beslut-datum", "Ange datum för nämndens beslut, till exempel " + sv.Date(s.db.Now().Local()) + "."})
	case err != nil:
		errs = append(errs, fieldError{"beslut-datum", "Datumet ska skrivas ÅÅÅÅ-MM-DD, till exempel " + sv.Date(s.db.Now().Local()) + "."})
	case date.Before(pc.per.Cutoff) && pc.per.Kind != tertial.PeriodPlan:
		// A follow-up is decided after its cut-off; a plan (Mål och budget, a
		// verksamhetsplan) before the year it plans.
		errs = append(errs, fieldError{"beslut-datum", "Beslutet kan inte ha fattats före periodens brytdatum " + sv.Date(pc.per.Cutoff) + "."})
	case dateText > sv.Date(s.db.Now().Local()):
		errs = append(errs, fieldError{"beslut-datum", "Beslutsdatumet kan inte ligga i framtiden. Registrera beslutet när nämnden har fattat det."})
	}
	para, msg := parseParagraph(paraText)
	if msg != "" {
		errs = append(errs, fieldError{"beslut-paragraf", msg})
	}
	if len(errs) > 0 {
		s.rerenderWorkflow(w, r, pc, http.StatusUnprocessableEntity, nil, errs, withFieldErrors(keep))
		return
	}
	// No lock over blocking findings without a reason: checked here to list them, and
	// again by the store (tertial.Gate.Check).
	pf, err := s.findPeriod(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	gate := pf.gate("", reason)
	if len(gate.Blocking) > 0 && strings.TrimSpace(reason) == "" {
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Perioden har blockerande fynd",
			"Perioden har " + tertial.FindingCount(len(gate.Blocking), true) + " och kan inte låsas förrän de är rättade: " + strings.Join(gate.Blocking, "; ") +
				". Rätta dem, eller skriv en motivering för att låsa ändå. Ingenting har ändrats."},
			[]fieldError{{"beslut-motivering", "Skriv varför perioden ska låsas trots " + tertial.FindingCount(len(gate.Blocking), true) + "."}}, withFieldErrors(keep))
		return
	}
	var keys []string
	for _, sec := range page.Sections {
		keys = append(keys, sec.Key)
	}
	err = s.db.LockPeriod(r.Context(), pc.user.Name, pc.ref, store.Decision{Date: date, Paragraph: para, Sections: keys, Gate: gate})
	switch {
	case len(tertial.ProblemsOf(err)) > 0:
		var errs []fieldError
		for _, p := range tertial.ProblemsOf(err) {
			field := "beslut-paragraf"
			if p.Path == "override" {
				field = "beslut-motivering"
			}
			errs = append(errs, fieldError{field, tertial.Capitalize(p.Message) + "."})
		}
		s.rerenderWorkflow(w, r, pc, http.StatusUnprocessableEntity, nil, errs, withFieldErrors(keep))
	case tertial.ErrorCode(err) == tertial.ECONFLICT:
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, &wfProblem{"Perioden är redan låst",
			"Någon annan har redan registrerat nämndens beslut och låst perioden. Ingenting har ändrats."}, nil, nil)
	case err != nil:
		s.error(w, r, err)
	default:
		http.Redirect(w, r, pc.url+"/arbetsflode?sparat=last", http.StatusSeeOther)
	}
}

func (s *Server) handleUnlockPeriod(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	if err := pc.require(tertial.ActLockPeriod); err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	notLocked := &wfProblem{"Perioden är inte låst", "Perioden är redan öppen. Ingenting har ändrats."}
	if pc.per.State != tertial.PeriodLocked {
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, notLocked, nil, nil)
		return
	}
	if r.PostForm.Get("bekrafta") != "ja" {
		s.rerenderWorkflow(w, r, pc, http.StatusUnprocessableEntity, nil,
			[]fieldError{{"las-upp-bekrafta", "Kryssa i rutan för att bekräfta att perioden ska låsas upp."}}, withFieldErrors(nil))
		return
	}
	err := s.db.UnlockPeriod(r.Context(), pc.user.Name, pc.ref)
	switch {
	case tertial.ErrorCode(err) == tertial.ECONFLICT:
		s.rerenderWorkflow(w, r, pc, http.StatusConflict, notLocked, nil, nil)
	case err != nil:
		s.error(w, r, err)
	default:
		http.Redirect(w, r, pc.url+"/arbetsflode?sparat=upplast", http.StatusSeeOther)
	}
}
