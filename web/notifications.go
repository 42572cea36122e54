package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// Reminders and notifications on the site (docs/notifications.md): /aviseringar lists the
// signed-in user's notifications, the same words as the mails; /mitt-konto lets every
// user set their own e-mail address and turn e-mail off; the municipality's settings page
// has a form for its reminders (settingsURL/paminnelser). The notify package's runner
// writes the notifications.

var notifyPages = []string{"notifications.html", "myaccount.html"}

func (s *Server) notifyRoutes() {
	for _, p := range notifyPages {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/adminfields.html", "templates/"+p))
		s.tmpl[p] = t
	}
	s.mux.HandleFunc("GET /aviseringar", s.handleNotifications)
	s.mux.HandleFunc("GET /mitt-konto", s.handleMyAccount)
	s.mux.HandleFunc("POST /mitt-konto", s.handleMyAccount)
	s.mux.HandleFunc("POST /kommuner/{code}/installningar/paminnelser", s.handleReminderSettings)
}

// maxNotifications is how many notifications /aviseringar shows, the newest.
const maxNotifications = 100

type notificationView struct {
	Subject string
	Lines   []string // the text, a paragraph a line
	Link    string
	Created string
	Kind    string
	New     bool // unread until this view
}

type notificationsPage struct {
	base
	Title         string
	Notifications []notificationView
	Max           int
	Email         string
	EmailOff      bool
}

var notificationKinds = map[string]string{
	store.EventReturned: "Skickat tillbaka",
	store.EventApproved: "Godkänt",
	"reminder":          "Påminnelse",
}

// handleNotifications lists the user's notices, those not seen before marked new, and
// marks them read: up to the newest shown, so that one that came meanwhile stays unread.
func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	readUpTo, err := s.db.NoticesReadUpTo(r.Context(), u.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ns, err := s.db.Notifications(r.Context(), u.Name, maxNotifications)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(ns) > 0 && ns[0].ID > readUpTo {
		if err := s.db.MarkNoticesRead(r.Context(), u.Name, ns[0].ID); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.forgetUnread(u.Name)
	a, err := s.db.Account(r.Context(), u.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &notificationsPage{Title: "Aviseringar", Max: maxNotifications, Email: a.Email, EmailOff: a.EmailOff}
	for _, n := range ns {
		v := notificationView{Subject: n.Subject, Link: n.Link, Kind: notificationKinds[n.Kind], New: n.ID > readUpTo,
			Created: sv.Date(n.Created.Local()) + " " + n.Created.Local().Format("15:04")}
		for _, l := range strings.Split(n.Body, "\n") {
			if strings.TrimSpace(l) != "" {
				v.Lines = append(v.Lines, l)
			}
		}
		page.Notifications = append(page.Notifications, v)
	}
	s.render(w, r, http.StatusOK, "notifications.html", page)
}

type myAccountPage struct {
	base
	Title    string
	Account  *store.Account
	RoleText string
	// The account's municipality and unit by name.
	Municipality, Unit string
	Email              string
	EmailOff           bool
	Error              string // the address field's error
	Errors             []fieldError
	Notice             string
}

// handleMyAccount is /mitt-konto: the signed-in user's own e-mail settings. Anyone signed
// in may change their own, and only their own: the account is the session's.
func (s *Server) handleMyAccount(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	a, err := s.db.Account(r.Context(), u.Name)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &myAccountPage{Title: "Mitt konto", Account: a, RoleText: roleLabels[a.User.Role], Email: a.Email, EmailOff: a.EmailOff,
		Municipality: a.User.Municipality, Unit: a.User.Unit}
	if code := a.User.Municipality; code != "" {
		// Names rather than codes, where the dataset has them.
		if ds, err := s.db.SharedDataset(r.Context(), code); err == nil {
			page.Municipality = ds.Municipality.Name
			if u := ds.Unit(a.User.Unit); u != nil {
				page.Unit = u.Name
			}
		}
	}
	if r.Method == http.MethodGet {
		if r.URL.Query().Get("sparat") == "1" {
			page.Notice = "Dina inställningar för e-post är sparade."
		}
		s.render(w, r, http.StatusOK, "myaccount.html", page)
		return
	}
	if err := readAdminForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	page.Email, page.EmailOff = strings.TrimSpace(r.PostForm.Get("epost")), r.PostForm.Get("epost_av") == "1"
	err = s.db.SetUserEmail(r.Context(), u.Name, u.Name, page.Email, page.EmailOff)
	if ps := tertial.ProblemsOf(err); len(ps) > 0 {
		page.Error = tertial.Capitalize(ps[0].Message) + "."
		page.Errors = []fieldError{{"epost", page.Error}}
		page.Title = "Fel – " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "myaccount.html", page)
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/mitt-konto?sparat=1", http.StatusSeeOther)
}

// reminderForm is the settings page's form of the municipality's reminders.
func reminderForm(code string, ns store.NotifySettings) adminForm {
	on := "pa"
	if !ns.RemindersOn {
		on = "av"
	}
	days := make([]string, len(ns.DaysBefore))
	for i, d := range ns.DaysBefore {
		days[i] = strconv.Itoa(d)
	}
	return adminForm{Action: settingsURL(code) + "/paminnelser", Fields: []adminField{
		{Name: "paminnelser", Label: "Påminnelser före sista dag", Type: "radio", Value: on, Options: []option{
			{"pa", "På: rapportörerna i enheter som inte är klara får en påminnelse"}, {"av", "Av: inga påminnelser"}}},
		{Name: "dagar", Label: "Dagar före sista dag", Type: "text", Value: strings.Join(days, ", "), Autocomplete: "off",
			Hint: "Ett eller flera antal dagar, åtskilda med kommatecken, till exempel 7, 1. 0 betyder samma dag. Högst " +
				strconv.Itoa(tertial.MaxReminders) + " påminnelser, högst " + strconv.Itoa(tertial.MaxReminderDays) + " dagar före."},
	}}
}

// addReminderForm puts the reminders' form on the settings page.
func (s *Server) addReminderForm(r *http.Request, page *settingsPage, code string) error {
	ns, err := s.db.NotifySettingsOf(r.Context(), code)
	if err != nil {
		return err
	}
	page.Reminders = reminderForm(code, ns)
	return nil
}

// handleReminderSettings saves the municipality's reminder settings: only those who may
// change its settings (maySettings).
func (s *Server) handleReminderSettings(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		s.error(w, r, err)
		return
	}
	if !maySettings(userFrom(r.Context()), code) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara kommunens administratörer kan ändra dess inställningar."))
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readAdminForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	page := s.newSettingsPage(ds, code)
	page.Reminders = reminderForm(code, store.NotifySettings{})
	page.Reminders.fill(r.PostForm)
	var errs []fieldError
	ns := store.NotifySettings{}
	switch r.PostForm.Get("paminnelser") {
	case "pa":
		ns.RemindersOn = true
	case "av":
	default:
		errs = append(errs, fieldError{"paminnelser", "Välj om påminnelserna ska vara på eller av."})
	}
	for _, part := range strings.Split(r.PostForm.Get("dagar"), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			errs = append(errs, fieldError{"dagar", "«" + part + "» är inget antal dagar: skriv heltal åtskilda med kommatecken, till exempel 7, 1."})
			continue
		}
		ns.DaysBefore = append(ns.DaysBefore, n)
	}
	if len(errs) == 0 {
		err := s.db.SaveNotifySettings(r.Context(), userFrom(r.Context()).Name, code, ns)
		if ps := tertial.ProblemsOf(err); len(ps) > 0 {
			for _, p := range ps {
				errs = append(errs, fieldError{"dagar", tertial.Capitalize(p.Message) + "."})
			}
		} else if err != nil {
			s.error(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		page.Errors = page.Reminders.setErrors(errs)
		page.Title = "Fel – " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "settings.html", page)
		return
	}
	http.Redirect(w, r, settingsURL(code)+"?paminnelser=1#paminnelser-rubrik", http.StatusSeeOther)
}

// accountEmailForm is the administration's form of an account's e-mail.
func accountEmailForm(accountURL, email string, off bool) adminForm {
	v := "pa"
	if off {
		v = "av"
	}
	return adminForm{Action: accountURL + "/epost", Fields: []adminField{
		{Name: "epost", Label: "E-postadress", Type: "text", Value: email, Autocomplete: "off",
			Hint: "Dit påminnelser och aviseringar skickas, till exempel anna.svensson@kommun.se. Tomt: ingen e-post."},
		{Name: "epost_av", Label: "E-post", Type: "radio", Value: v, Options: []option{
			{"pa", "Skicka aviseringar med e-post"}, {"av", "Ingen e-post: aviseringarna syns bara i Tertial"}}},
	}}
}
