package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// The workflow through the API: a period's sections with their states and findings, a step
// of a section, and the board's decision; the same gates as the site (tertial.Gate, in the
// store), with an override's reason in the field "override".

type apiFinding struct {
	Text     string `json:"text"`
	Severity string `json:"severity"` // blocking or warning
	Kind     string `json:"kind"`
	Item     *struct {
		Kind  string `json:"kind"`
		ID    string `json:"id"`
		Table string `json:"table,omitempty"`
		Year  int    `json:"year,omitempty"`
	} `json:"item,omitempty"`
}

type apiWFSection struct {
	Key       string       `json:"key"`
	Title     string       `json:"title"`
	State     string       `json:"state"`
	Version   int          `json:"version"`
	Comment   string       `json:"comment"`
	UpdatedBy string       `json:"updated_by,omitempty"`
	Blocking  int          `json:"blocking"`
	Findings  []apiFinding `json:"findings"`
}

type apiOverride struct {
	Section  string   `json:"section"`
	Step     string   `json:"step"`
	Actor    string   `json:"actor"`
	Reason   string   `json:"reason"`
	Findings []string `json:"findings"`
	At       string   `json:"at"`
}

type apiWorkflow struct {
	Municipality string         `json:"municipality"`
	Unit         string         `json:"unit"`
	Period       string         `json:"period"`
	Locked       bool           `json:"locked"`
	Blocking     int            `json:"blocking"`
	Sections     []apiWFSection `json:"sections"`
	Findings     []apiFinding   `json:"findings"` // about the report as a whole
	Overrides    []apiOverride  `json:"overrides"`
}

func apiFindings(fs []report.Finding) []apiFinding {
	out := []apiFinding{}
	for _, f := range fs {
		a := apiFinding{Text: f.Words(), Severity: string(f.Severity()), Kind: string(f.Kind)}
		if f.Item.Kind != "" {
			a.Item = &struct {
				Kind  string `json:"kind"`
				ID    string `json:"id"`
				Table string `json:"table,omitempty"`
				Year  int    `json:"year,omitempty"`
			}{string(f.Item.Kind), f.Item.ID, f.Item.Table, f.Item.Year}
		}
		out = append(out, a)
	}
	return out
}

func (s *Server) apiWorkflowOf(r *http.Request, pc *periodCtx) (*apiWorkflow, error) {
	secs, err := workflowSections(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		return nil, err
	}
	states, err := s.db.SectionStates(r.Context(), pc.ref)
	if err != nil {
		return nil, err
	}
	pf, err := s.findPeriod(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
	if err != nil {
		return nil, err
	}
	overrides, err := s.db.Overrides(r.Context(), pc.ref)
	if err != nil {
		return nil, err
	}
	out := &apiWorkflow{Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period,
		Locked: pc.per.State == tertial.PeriodLocked, Blocking: len(pf.gate("", "").Blocking),
		Sections: []apiWFSection{}, Findings: apiFindings(pf.bySection[""]), Overrides: []apiOverride{}}
	for _, sec := range secs {
		st := currentState(states, sec.Key)
		out.Sections = append(out.Sections, apiWFSection{Key: sec.Key, Title: sec.Title, State: string(st.State), Version: st.Version,
			Comment: st.Comment, UpdatedBy: st.UpdatedBy, Blocking: len(pf.gate(sec.Key, "").Blocking), Findings: apiFindings(pf.bySection[sec.Key])})
	}
	for _, o := range overrides {
		findings := o.Findings
		if findings == nil {
			findings = []string{}
		}
		out.Overrides = append(out.Overrides, apiOverride{Section: o.Section, Step: string(o.Step), Actor: o.Actor, Reason: o.Reason,
			Findings: findings, At: o.At.UTC().Format(time.RFC3339)})
	}
	return out, nil
}

// GET …/workflow
func (s *Server) apiWorkflow(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	out, err := s.apiWorkflowOf(r, pc)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, out)
}

type apiSectionStep struct {
	Action   string  `json:"action"` // start, ready, approve, send_back, withdraw
	Version  *int    `json:"version"`
	Comment  *string `json:"comment"`
	Override *string `json:"override"`
}

// apiStep returns the rule of an API action: the actions are the steps' names
// (tertial.SectionStep).
func apiStep(action string) (tertial.SectionTransition, bool) {
	return tertial.SectionTransitionOf(tertial.SectionStep(action))
}

func (s *Server) apiPostSectionStep(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	sec, err := workflowSection(pc, r.PathValue("key"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiSectionStep
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	t, ok := apiStep(body.Action)
	if !ok {
		s.apiError(w, r, invalidFields(apiFieldError{"action", "ange start, ready, approve, send_back eller withdraw"}))
		return
	}
	if errs := versionErrors(body.Version); len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	if err := pc.require(t.Action); err != nil {
		s.apiError(w, r, err)
		return
	}
	comment, reason := "", ""
	if body.Comment != nil {
		comment = strings.TrimSpace(*body.Comment)
	}
	if body.Override != nil {
		reason = strings.TrimSpace(*body.Override)
	}
	if reason != "" && !tertial.CanOverrideGate(pc.user, pc.target()) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "bara en controller kan gå vidare trots blockerande fynd"))
		return
	}
	var gate tertial.Gate
	if t.Gate != "" {
		pf, err := s.findPeriod(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		gate = pf.gate(sec.Key, reason)
	}
	current := func() (any, error) { return s.apiWorkflowOf(r, pc) }
	st, err := s.db.SaveSectionStep(r.Context(), pc.edit(*body.Version), store.SectionStep{Key: sec.Key, Step: t.Step, Comment: comment,
		CanReview: pc.can(tertial.ActReviewSection), Gate: gate})
	s.saved(w, r, err, apiWFSection{Key: sec.Key, Title: sec.Title, State: string(st.State), Version: st.Version, Comment: st.Comment, UpdatedBy: pc.user.Name,
		Blocking: len(gate.Blocking), Findings: []apiFinding{}}, current)
}

type apiLockPost struct {
	Date      string  `json:"date"`
	Paragraph string  `json:"paragraph"`
	Override  *string `json:"override"`
}

// POST …/workflow/lock
func (s *Server) apiPostLock(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	if err := pc.require(tertial.ActLockPeriod); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiLockPost
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	date, err := time.Parse(time.DateOnly, strings.TrimSpace(body.Date))
	var errs []apiFieldError
	if err != nil {
		errs = append(errs, apiFieldError{"date", "ange beslutsdatumet som ÅÅÅÅ-MM-DD"})
	}
	para, msg := parseParagraph(body.Paragraph)
	if msg != "" {
		errs = append(errs, apiFieldError{"paragraph", msg})
	}
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	secs, err := workflowSections(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var keys []string
	for _, sec := range secs {
		keys = append(keys, sec.Key)
	}
	pf, err := s.findPeriod(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	reason := ""
	if body.Override != nil {
		reason = *body.Override
	}
	err = s.db.LockPeriod(r.Context(), pc.user.Name, pc.ref, store.Decision{Date: date, Paragraph: para, Sections: keys, Gate: pf.gate("", reason)})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	fresh, err := s.reload(r.Context(), pc)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out, err := s.apiWorkflowOf(r, fresh)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, out)
}
