package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// matrixPage shows every unit with a period of one ID against the sections of its report:
// the controllers' view of where the period stands.
type matrixPage struct {
	base
	Title       string
	MuniName    string
	MuniURL     string
	PeriodID    string
	Columns     []wfReportSection
	Rows        []matrixRow
	Approved    int
	Total       int
	LockedUnits int
	Summary     string
	Notice      string
	ApproveURL  string
	Approvable  []matrixUnit // units with sections ready for review the user may approve
}

// matrixUnit is a unit the bulk approval offers.
type matrixUnit struct {
	ID, Name string
	Ready    int
}

type matrixRow struct {
	Unit        string
	URL         string // the unit's workflow page
	PeriodTitle string
	Deadline    deadlineView
	Locked      bool
	State       string
	Decision    string
	Cells       []matrixCell
	Approved    int
	Total       int
	Overrides   []string // "Låst trots 3 fynd – motivering: …"
}

// matrixCell is one section of one unit; Present is false when the unit's report has no
// such section.
type matrixCell struct {
	Present bool
	State   report.StatusLabel
	URL     string
	Section string
}

func (s *Server) handleWorkflowMatrix(w http.ResponseWriter, r *http.Request) {
	ds, err := s.db.SharedDataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	code, periodID := ds.Municipality.Code, r.PathValue("period")
	if !tertial.Can(userFrom(r.Context()), tertial.ActRead, tertial.AccessTarget{Municipality: code}) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här kommunens perioder."))
		return
	}
	page := &matrixPage{MuniName: ds.Municipality.Name, MuniURL: "/kommuner/" + code, PeriodID: periodID}
	type unitSections struct {
		unit *tertial.Unit
		per  *tertial.Period
		secs []wfReportSection
	}
	var units []unitSections
	seen := map[string]bool{}
	for i := range ds.Units {
		u := &ds.Units[i]
		per := ds.Period(u.ID, periodID)
		if per == nil {
			continue
		}
		secs, err := workflowSections(ds, u.ID, per.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		units = append(units, unitSections{u, per, secs})
		// The columns are every section of every unit's report, in the order they come.
		for _, sec := range secs {
			if !seen[sec.Key] {
				seen[sec.Key] = true
				page.Columns = append(page.Columns, sec)
			}
		}
	}
	if len(units) == 0 {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Ingen enhet i %s har en period %q.", ds.Municipality.Name, periodID))
		return
	}
	page.Title = "Arbetsflöde för alla enheter: " + units[0].per.Title
	page.ApproveURL = "/kommuner/" + code + "/perioder/" + url.PathEscape(periodID) + "/arbetsflode/godkann"
	if r.URL.Query().Get("sparat") == "godkanda" {
		page.Notice = approvedNotice(r.URL.Query())
	}
	overrides, err := s.db.PeriodOverrides(r.Context(), code, periodID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	user := userFrom(r.Context())
	for _, us := range units {
		ref := store.PeriodRef{Municipality: code, Unit: us.unit.ID, Period: us.per.ID}
		states, err := s.db.SectionStates(r.Context(), ref)
		if err != nil {
			s.error(w, r, err)
			return
		}
		wf := periodURL(code, us.unit.ID, us.per.ID) + "/arbetsflode"
		row := matrixRow{Unit: us.unit.Name, URL: wf, PeriodTitle: us.per.Title, Deadline: s.deadline(us.per),
			Locked: us.per.State == tertial.PeriodLocked, State: report.PeriodStateLabels[us.per.State],
			Decision: decisionText(us.per), Total: len(us.secs)}
		if row.Locked {
			page.LockedUnits++
		}
		for _, o := range overrides[us.unit.ID] {
			row.Overrides = append(row.Overrides, overrideText(o))
		}
		upc := &periodCtx{ds: ds, unit: us.unit, per: us.per, ref: ref, user: user, url: periodURL(code, us.unit.ID, us.per.ID)}
		ready := 0
		own := map[string]bool{}
		for _, sec := range us.secs {
			own[sec.Key] = true
		}
		for _, col := range page.Columns {
			if !own[col.Key] {
				row.Cells = append(row.Cells, matrixCell{Section: col.Title})
				continue
			}
			st := currentState(states, col.Key)
			if st.State == tertial.SectionApproved {
				row.Approved++
			}
			if st.State == tertial.SectionReady {
				ready++
			}
			row.Cells = append(row.Cells, matrixCell{Present: true, State: sectionStateLabels[st.State],
				URL: wf + "#" + url.PathEscape(col.Key), Section: col.Title})
		}
		if ready > 0 && upc.can(tertial.ActReviewSection) {
			page.Approvable = append(page.Approvable, matrixUnit{ID: us.unit.ID, Name: us.unit.Name, Ready: ready})
		}
		page.Approved += row.Approved
		page.Total += row.Total
		page.Rows = append(page.Rows, row)
	}
	noun := " enheter"
	if len(page.Rows) == 1 {
		noun = " enhet"
	}
	page.Summary = strconv.Itoa(page.Approved) + " av " + strconv.Itoa(page.Total) + " avsnitt är godkända. " +
		strconv.Itoa(page.LockedUnits) + " av " + strconv.Itoa(len(page.Rows)) + noun + " har låst perioden efter nämndens beslut."
	s.render(w, r, http.StatusOK, "workflowmatrix.html", page)
}
