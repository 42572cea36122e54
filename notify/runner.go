package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// Runner is the background work of tertial serve: each tick it turns workflow events
// into notifications and mails, sends the reminders that are due, and sends the outbox.
// Several servers on one PostgreSQL may each run one: the store makes sure an event or a
// reminder is delivered once and a mail is sent by one of them.
type Runner struct {
	DB *store.DB
	// Sender sends the mails; nil when no SMTP server is configured: then notifications
	// are listed in the product and no mail is queued.
	Sender Sender
	// PublicURL is the site's address as users reach it (https://tertial.kommun.se), for
	// the links in mails.
	PublicURL string
	// Tick is how often the runner works; default a minute.
	Tick time.Duration
	// Lease is how long a claimed mail is the claimer's before another may try it;
	// default ten minutes.
	Lease time.Duration
	// Retention is how long notices (and delivered workflow events) are kept; default
	// DefaultRetention. Sent mails are kept MailRetention.
	Retention time.Duration
	// MailRetention is how long a sent mail stays in the outbox; default
	// DefaultMailRetention.
	MailRetention time.Duration
	Log           *slog.Logger

	lastPrune time.Time // when this runner last pruned, by the store's clock
}

// DefaultRetention is how long notices are kept unless Runner.Retention says otherwise.
const DefaultRetention = 180 * 24 * time.Hour

// DefaultMailRetention is how long sent mails are kept unless Runner.MailRetention says
// otherwise.
const DefaultMailRetention = 30 * 24 * time.Hour

// pruneEvery is how often a runner prunes: the deletes read indexes by time, but there is
// no need to make them every tick.
const pruneEvery = time.Hour

// Run works every Tick until ctx ends.
func (r *Runner) Run(ctx context.Context) {
	tick := r.Tick
	if tick <= 0 {
		tick = time.Minute
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if err := r.RunOnce(ctx); err != nil && ctx.Err() == nil {
			r.log().Warn("aviseringar", "fel", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *Runner) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

// RunOnce delivers pending events, sends the reminders that are due and sends the mails
// that are due. It returns the first error; the rest of the work is still tried.
func (r *Runner) RunOnce(ctx context.Context) error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	keep(r.deliverEvents(ctx))
	keep(r.sendReminders(ctx))
	keep(r.sendMails(ctx))
	keep(r.prune(ctx))
	return first
}

// prune deletes the notices older than the retention and the mails sent longer ago than
// the mail retention (store.DB.PruneNotifications), at most once every pruneEvery by the
// store's clock.
func (r *Runner) prune(ctx context.Context) error {
	now := r.DB.Now()
	if !r.lastPrune.IsZero() && now.Sub(r.lastPrune) < pruneEvery && !now.Before(r.lastPrune) {
		return nil
	}
	keep, mails := r.Retention, r.MailRetention
	if keep <= 0 {
		keep = DefaultRetention
	}
	if mails <= 0 {
		mails = DefaultMailRetention
	}
	p, err := r.DB.PruneNotifications(ctx, now.Add(-keep), now.Add(-mails))
	if err != nil {
		return fmt.Errorf("gallring: %w", err)
	}
	r.lastPrune = now
	if p != (store.Pruned{}) {
		r.log().Info("aviseringar gallrade", "aviseringar", p.Notices, "händelser", p.Events, "e-post", p.Mails)
	}
	return nil
}

// link is the full address of a path on the site.
func (r *Runner) link(path string) string {
	return strings.TrimRight(r.PublicURL, "/") + path
}

// mailBody is a notice's text as mailed: the text, the link, and how to turn mail off.
func (r *Runner) mailBody(body, path string) string {
	var b strings.Builder
	b.WriteString(body)
	if path != "" {
		b.WriteString("\n\nÖppna i Tertial:\n" + r.link(path) + "\n")
	}
	b.WriteString("\n-- \nDet här är ett automatiskt meddelande från Tertial. Svara inte på det.\n")
	b.WriteString("Du ser alla dina aviseringar och kan stänga av e-post under Mitt konto:\n" + r.link("/mitt-konto") + "\n")
	return b.String()
}

func periodPath(p store.PeriodRef) string {
	return "/kommuner/" + url.PathEscape(p.Municipality) + "/enheter/" + url.PathEscape(p.Unit) + "/perioder/" + url.PathEscape(p.Period)
}

// section is a top-level section of a report that goes through the workflow.
type section struct{ Key, Title string }

// sections returns the workflow's sections of a unit's period, the ones the workflow page
// shows (report.WorkflowSections).
func sections(ds *tertial.Dataset, unit, period string) ([]section, error) {
	secs, err := report.WorkflowSections(ds, unit, period)
	if err != nil {
		return nil, err
	}
	out := make([]section, len(secs))
	for i, sec := range secs {
		out[i] = section{sec.Key, sec.Title}
	}
	return out, nil
}

var stateWords = map[tertial.SectionState]string{
	tertial.SectionNotStarted: "ej påbörjad",
	tertial.SectionInProgress: "pågår",
	tertial.SectionReady:      "klar för granskning",
	tertial.SectionApproved:   "godkänd",
}

// reporters returns the names of the active reporters of a unit.
func (r *Runner) reporters(ctx context.Context, muni, unit string) ([]string, error) {
	accounts, err := r.DB.Accounts(ctx, muni)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range accounts {
		if a.User.Role == tertial.RoleReporter && a.User.Unit == unit && !a.Disabled {
			out = append(out, a.Name)
		}
	}
	return out, nil
}

func (r *Runner) deliverEvents(ctx context.Context) error {
	events, err := r.DB.PendingEvents(ctx, 100)
	if err != nil {
		return err
	}
	// One event that cannot be delivered now stays pending and does not hold up the rest.
	var first error
	for _, e := range events {
		notices, err := r.eventNotices(ctx, e)
		if err == nil {
			_, err = r.DB.DeliverEvent(ctx, e.ID, notices, r.Sender != nil)
		}
		if err != nil && first == nil {
			first = fmt.Errorf("händelse %d: %w", e.ID, err)
		}
	}
	return first
}

// eventNotices are the notices of a section approved or sent back: to the unit's
// reporters and whoever marked the section ready, but not to the one who did it.
func (r *Runner) eventNotices(ctx context.Context, e store.Event) ([]store.Notice, error) {
	ds, err := r.DB.SharedDataset(ctx, e.Period.Municipality)
	if err != nil {
		return nil, err
	}
	unitName, periodTitle, title := e.Period.Unit, e.Period.Period, e.Section
	if u := ds.Unit(e.Period.Unit); u != nil {
		unitName = u.Name
	}
	if p := ds.Period(e.Period.Unit, e.Period.Period); p != nil {
		periodTitle = p.Title
	}
	if secs, err := sections(ds, e.Period.Unit, e.Period.Period); err == nil {
		for _, s := range secs {
			if s.Key == e.Section {
				title = s.Title
			}
		}
	}
	path := periodPath(e.Period) + "/arbetsflode#" + url.PathEscape(e.Section)
	var subject, body string
	switch e.Kind {
	case store.EventReturned:
		subject = "Skickat tillbaka: " + title + " – " + unitName
		body = fmt.Sprintf("Avsnittet %s i %s, %s, har skickats tillbaka av %s för att kompletteras.", title, periodTitle, unitName, e.Actor)
		if e.Comment != "" {
			body += "\n\nKommentar:\n" + e.Comment
		}
	case store.EventApproved:
		subject = "Godkänt: " + title + " – " + unitName
		body = fmt.Sprintf("Avsnittet %s i %s, %s, har godkänts av %s.", title, periodTitle, unitName, e.Actor)
	default:
		return nil, nil
	}
	to, err := r.reporters(ctx, e.Period.Municipality, e.Period.Unit)
	if err != nil {
		return nil, err
	}
	if e.Submitter != "" && !slices.Contains(to, e.Submitter) {
		to = append(to, e.Submitter)
	}
	var out []store.Notice
	for _, u := range to {
		if u == e.Actor {
			continue
		}
		out = append(out, store.Notice{User: u, Kind: e.Kind, Subject: subject, Body: body, Link: path, MailBody: r.mailBody(body, path)})
	}
	return out, nil
}

// today is the store clock's date.
func (r *Runner) today() time.Time {
	now := r.DB.Now().Local()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

func (r *Runner) sendReminders(ctx context.Context) error {
	munis, err := r.DB.Municipalities(ctx)
	if err != nil {
		return err
	}
	today := r.today()
	// A period whose reminder fails now is tried again next time; the others go on.
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	for _, m := range munis {
		settings, err := r.DB.NotifySettingsOf(ctx, m.Code)
		if err != nil {
			keep(err)
			continue
		}
		if !settings.RemindersOn || len(settings.DaysBefore) == 0 {
			continue
		}
		ds, err := r.DB.SharedDataset(ctx, m.Code)
		if err != nil {
			keep(err)
			continue
		}
		for i := range ds.Periods {
			if err := r.remind(ctx, ds, &ds.Periods[i], settings.DaysBefore, today); err != nil {
				keep(fmt.Errorf("påminnelse %s %s/%s: %w", m.Code, ds.Periods[i].Unit, ds.Periods[i].ID, err))
			}
		}
	}
	return first
}

// dueReminders returns the reminder days that have come for a deadline, smallest first,
// and how many days are left: a day d has come when at most d days are left, until the
// deadline has passed.
func dueReminders(deadline, today time.Time, days []int) ([]int, int) {
	left := int(deadline.Sub(today).Hours() / 24)
	var due []int
	if left < 0 {
		return nil, left
	}
	for _, d := range days {
		if left <= d {
			due = append(due, d)
		}
	}
	slices.Sort(due)
	return due, left
}

// remind sends a period's reminder if one is due and not sent: to the reporters of its
// unit when not every section is ready for review or approved. The reminder of the
// smallest day that has come is sent and every day that has come is recorded, so that a
// server that was down on the seventh day before sends one reminder, not two.
func (r *Runner) remind(ctx context.Context, ds *tertial.Dataset, per *tertial.Period, days []int, today time.Time) error {
	if per.Deadline.IsZero() || per.State == tertial.PeriodLocked {
		return nil
	}
	deadline := time.Date(per.Deadline.Year(), per.Deadline.Month(), per.Deadline.Day(), 0, 0, 0, 0, time.UTC)
	due, left := dueReminders(deadline, today, days)
	if len(due) == 0 {
		return nil
	}
	ref := store.PeriodRef{Municipality: ds.Municipality.Code, Unit: per.Unit, Period: per.ID}
	if sent, err := r.DB.ReminderSent(ctx, store.ReminderKey{Period: ref, Deadline: deadline, Days: due[0]}); err != nil || sent {
		return err
	}
	var keys []store.ReminderKey
	for _, d := range due {
		keys = append(keys, store.ReminderKey{Period: ref, Deadline: deadline, Days: d})
	}
	secs, err := sections(ds, per.Unit, per.ID)
	if tertial.ErrorCode(err) == tertial.ENOTFOUND {
		secs = nil // a period without a template has no sections to finish
	} else if err != nil {
		return err
	}
	states, err := r.DB.SectionStates(ctx, ref)
	if err != nil {
		return err
	}
	var open []string
	for _, s := range secs {
		st := states[s.Key].State
		if st == "" {
			st = tertial.SectionNotStarted
		}
		if st != tertial.SectionReady && st != tertial.SectionApproved {
			open = append(open, "- "+s.Title+" ("+stateWords[st]+")")
		}
	}
	var notices []store.Notice
	if len(open) > 0 {
		unitName := per.Unit
		if u := ds.Unit(per.Unit); u != nil {
			unitName = u.Name
		}
		when := "om " + strconv.Itoa(left) + " dagar"
		switch left {
		case 0:
			when = "i dag"
		case 1:
			when = "i morgon"
		}
		subject := "Påminnelse: " + per.Title + " – " + unitName + " ska vara klar " + when
		body := fmt.Sprintf("Sista dag för %s, %s, är %s (%s).\n\nDe här avsnitten är ännu inte klara för granskning:\n%s",
			per.Title, unitName, sv.LongDate(deadline), when, strings.Join(open, "\n"))
		path := periodPath(ref) + "/arbetsflode"
		to, err := r.reporters(ctx, ref.Municipality, per.Unit)
		if err != nil {
			return err
		}
		for _, u := range to {
			notices = append(notices, store.Notice{User: u, Kind: "reminder", Subject: subject, Body: body, Link: path, MailBody: r.mailBody(body, path)})
		}
	}
	_, err = r.DB.DeliverReminder(ctx, keys, notices, r.Sender != nil)
	return err
}

func (r *Runner) sendMails(ctx context.Context) error {
	if r.Sender == nil {
		return nil
	}
	lease := r.Lease
	if lease <= 0 {
		lease = 10 * time.Minute
	}
	// Batches of 20 until none is due, or until an attempt fails for a reason that may pass
	// (the server is down or busy): the rest wait for the next tick.
	for failed := false; !failed; {
		mails, err := r.DB.ClaimMails(ctx, 20, lease)
		if err != nil || len(mails) == 0 {
			return err
		}
		for _, m := range mails {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := r.Sender.Send(m.To, m.Subject, m.Body); err != nil {
				r.log().Warn("e-post kunde inte skickas", "mail", m.ID, "försök", m.Attempts, "fel", err)
				failed = failed || !IsPermanent(err)
				if err := r.DB.MailFailed(ctx, m.ID, m.Attempts, err.Error(), IsPermanent(err)); err != nil {
					return err
				}
				continue
			}
			if err := r.DB.MailSent(ctx, m.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
