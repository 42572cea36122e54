package web

import (
	"context"
	"net/http"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// The period context: every page, form and API call that reads or edits a unit's period
// starts by loading it, and asks it who may do what.

// periodCtx is a unit's period as a request sees it: the data, who asks, and what they
// may do.
type periodCtx struct {
	ds   *tertial.Dataset
	unit *tertial.Unit
	per  *tertial.Period
	ref  store.PeriodRef
	user *tertial.User
	url  string // the period's page
	// gen is the dataset's generation (store.DB.SharedDatasetGeneration): what is built
	// from ds alone may be cached under it (pagecache.go).
	gen int64
}

// loadPeriod loads the period the request's path names ({code}, {unit}, {period}): ENOTFOUND
// when there is none, EFORBIDDEN when the user may not read it.
func (s *Server) loadPeriod(r *http.Request) (*periodCtx, error) {
	ds, gen, err := s.db.SharedDatasetGeneration(r.Context(), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	unit := ds.Unit(r.PathValue("unit"))
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen enhet %q.", r.PathValue("unit"))
	}
	per := ds.Period(unit.ID, r.PathValue("period"))
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q.", unit.Name, r.PathValue("period"))
	}
	pc, err := newPeriodCtx(r, ds, unit, per)
	if pc != nil {
		pc.gen = gen
	}
	return pc, err
}

// pagePeriod is the start of every page of a period: it loads the period the path names
// and answers the error page when there is none or the user may not read it. It returns
// nil when the handler is done.
func (s *Server) pagePeriod(w http.ResponseWriter, r *http.Request) *periodCtx {
	pc, err := s.loadPeriod(r)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	return pc
}

// target describes the period for tertial.Can: the user's own unit is theirs and every
// unit below it.
func (pc *periodCtx) target() tertial.AccessTarget {
	own := false
	if pc.user != nil && pc.user.Unit != "" {
		if u := pc.ds.Unit(pc.user.Unit); u != nil {
			own = tertial.NewScope(pc.ds, u).Includes(pc.unit.ID)
		}
	}
	return tertial.AccessTarget{Municipality: pc.ds.Municipality.Code, OwnUnit: own, Locked: pc.per.State == tertial.PeriodLocked}
}

func (pc *periodCtx) can(a tertial.Action) bool { return tertial.Can(pc.user, a, pc.target()) }

// words is the municipality's vocabulary as the period's report says it.
func (pc *periodCtx) words() report.Vocab { return report.Words(pc.ds, pc.per) }

// showsIndicator reports whether the indicator is in the period's report, so that a
// period's rights reach only its own indicators (values are stored per indicator and year).
func (pc *periodCtx) showsIndicator(ind *tertial.Indicator) bool {
	for _, x := range tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year()).Indicators(ind.Goal) {
		if x.ID == ind.ID {
			return tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year()).ShowsGoal(ind.Goal)
		}
	}
	return false
}

// showsStatusItem reports whether an assignment or internal-control item belongs to the
// period's unit or a unit below it.
func (pc *periodCtx) showsStatusItem(kind tertial.StatusKind, id string) bool {
	scope := tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year())
	if kind == tertial.KindAssignment {
		for i := range pc.ds.Assignments {
			if a := &pc.ds.Assignments[i]; a.ID == id {
				return scope.Includes(pc.ds.AssignmentUnit(a)) && scope.ShowsGoal(a.Goal)
			}
		}
		return false
	}
	for _, r := range pc.ds.Risks {
		for _, a := range r.Actions {
			if a.ID == id {
				return scope.Includes(r.Unit)
			}
		}
	}
	for _, a := range pc.ds.Audits {
		if a.ID == id {
			return scope.Includes(a.Unit)
		}
	}
	for _, c := range pc.ds.Controls {
		if c.ID == id {
			return scope.Includes(c.Unit)
		}
	}
	return false
}

// require returns an error the user understands when they may not do the action.
func (pc *periodCtx) require(a tertial.Action) error {
	if pc.can(a) {
		return nil
	}
	if pc.per.State == tertial.PeriodLocked && tertial.Can(pc.user, a, tertial.AccessTarget{Municipality: pc.ds.Municipality.Code, OwnUnit: true}) {
		return tertial.Errorf(tertial.ELOCKED, "Perioden är låst: nämnden har fattat beslut och innehållet kan inte längre ändras.")
	}
	return tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra det här.")
}

// edit is the store's Edit of this period by the request's user from version.
func (pc *periodCtx) edit(version int) store.Edit {
	return store.Edit{Actor: pc.user.Name, Period: pc.ref, Version: version}
}

// newPeriodCtx is the context of a unit's period for the request's user: EFORBIDDEN when
// they may not read it. loadPeriod finds the period by the path, the API's edits of an
// indicator's value by the body.
func newPeriodCtx(r *http.Request, ds *tertial.Dataset, unit *tertial.Unit, per *tertial.Period) (*periodCtx, error) {
	pc := &periodCtx{ds: ds, unit: unit, per: per, user: userFrom(r.Context()),
		ref: store.PeriodRef{Municipality: ds.Municipality.Code, Unit: unit.ID, Period: per.ID},
		url: periodURL(ds.Municipality.Code, unit.ID, per.ID)}
	if !pc.can(tertial.ActRead) {
		return nil, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här perioden.")
	}
	return pc, nil
}

// reload returns the period's context as it is saved now, for the "current" of a 409.
func (s *Server) reload(ctx context.Context, pc *periodCtx) (*periodCtx, error) {
	ds, err := s.db.SharedDataset(ctx, pc.ref.Municipality)
	if err != nil {
		return nil, err
	}
	unit, per := ds.Unit(pc.ref.Unit), ds.Period(pc.ref.Unit, pc.ref.Period)
	if unit == nil || per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "perioden finns inte längre")
	}
	return &periodCtx{ds: ds, unit: unit, per: per, ref: pc.ref, user: pc.user, url: pc.url}, nil
}
