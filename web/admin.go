package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// The administration of accounts (/admin). Every action calls the store function that
// `tertial user` and `tertial token` call, so the rules are the same; the store writes the
// audit entry with the signed-in administrator as the actor. Who may do what is
// tertial.Can with ActManageUsers, asked of the account's municipality before and after a
// change: a system administrator manages every account, a municipality's administrator
// those of its municipality (but no system administrator), and a controller sees its
// municipality's accounts without changing them. Reporters and readers get 403.

// adminPages are the templates of the administration and the first run; each is parsed
// with the layout and adminfields.html.
var adminPages = []string{"admin.html", "account.html", "municipalitynew.html", "firstrun.html", "structureunits.html", "structureunit.html", "settings.html", "internalcontrol.html", "icitem.html", "riskmatrix.html", "goalframe.html", "statementmapping.html", "economy.html"}

// parseAdminTemplates parses adminPages into s.tmpl.
func (s *Server) parseAdminTemplates() error {
	for _, p := range adminPages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/adminfields.html", "templates/"+p)
		if err != nil {
			return err
		}
		s.tmpl[p] = t
	}
	return nil
}

func (s *Server) adminRoutes() {
	s.mux.HandleFunc("GET /admin", s.handleAdmin)
	s.mux.HandleFunc("POST /admin/konton", s.handleCreateAccount)
	s.mux.HandleFunc("GET /admin/konton/{name}", s.handleAccount)
	s.mux.HandleFunc("POST /admin/konton/{name}/{action}", s.handleAccountAction)
	s.mux.HandleFunc("POST /admin/konton/{name}/nycklar/{id}/aterkalla", s.handleRevokeToken)
	s.mux.HandleFunc("GET /admin/kommuner/ny", s.handleNewMunicipality)
	s.mux.HandleFunc("POST /admin/kommuner/ny", s.handleNewMunicipality)
	s.mux.HandleFunc("GET /forsta-start", s.handleFirstRun)
	s.mux.HandleFunc("POST /forsta-start", s.handleFirstRun)
}

// adminField is a field of an administration form.
type adminField struct {
	Name         string
	Label        string
	Type         string // text, password, select, radio, textarea
	Value        string
	Placeholder  string // text and textarea: shown while empty, such as the default an empty field means
	Rows         int    // textarea: its height in lines; 0 for 5
	Hint         string
	Error        string
	Autocomplete string
	Pattern      string        // text: the pattern a value must match (a hint: the forms are novalidate, the rule set decides)
	Options      []option      // select and radio
	Groups       []optionGroup // select: options under a heading each (optgroup)
}

type optionGroup struct {
	Label   string
	Options []option
}

// adminForm is one form of an administration page: its fields and the errors of its last
// post.
type adminForm struct {
	Action string
	Fields []adminField
}

// field returns the form's field by name, or nil.
func (f *adminForm) field(name string) *adminField {
	for i := range f.Fields {
		if f.Fields[i].Name == name {
			return &f.Fields[i]
		}
	}
	return nil
}

// fill sets the fields' values from a post; passwords are never sent back.
func (f *adminForm) fill(form url.Values) {
	for i := range f.Fields {
		if f.Fields[i].Type != "password" {
			f.Fields[i].Value = strings.TrimSpace(form.Get(f.Fields[i].Name))
		}
	}
}

// setErrors puts each error beside its field (the first field when the form has no field
// of that name) and returns the errors as the page's summary lists them.
func (f *adminForm) setErrors(errs []fieldError) []fieldError {
	out := make([]fieldError, 0, len(errs))
	for _, e := range errs {
		fd := f.field(e.Field)
		if fd == nil && len(f.Fields) > 0 {
			fd = &f.Fields[0]
		}
		if fd == nil {
			out = append(out, e)
			continue
		}
		if fd.Error != "" {
			fd.Error += " "
		}
		fd.Error += e.Message
		out = append(out, fieldError{fd.Name, e.Message})
	}
	return out
}

// accountFields maps the rule set's names of an account's fields (tertial.User.Validate,
// the store) to the forms' fields.
var accountFields = map[string]string{"name": "namn", "role": "roll", "municipality": "kommun", "unit": "enhet", "disabled": "status", "email": "epost"}

// problemsAt turns the rule set's problems into field errors by paths, or nil and false when
// err carries none.
func problemsAt(err error, paths map[string]string) ([]fieldError, bool) {
	ps := tertial.ProblemsOf(err)
	if len(ps) == 0 {
		return nil, false
	}
	out := make([]fieldError, len(ps))
	for i, p := range ps {
		out[i] = fieldError{paths[p.Path], tertial.Capitalize(p.Message) + "."}
	}
	return out, true
}

// adminScope returns the municipality whose accounts the signed-in user sees ("" for all:
// a system administrator) and whether it may change them, or EFORBIDDEN.
func adminScope(r *http.Request) (muni string, manage bool, err error) {
	u := userFrom(r.Context())
	switch {
	case u != nil && u.Role == tertial.RoleAdmin:
		return u.Municipality, true, nil
	case u != nil && u.Role == tertial.RoleController && u.Municipality != "":
		return u.Municipality, false, nil
	}
	return "", false, tertial.Errorf(tertial.EFORBIDDEN, "Administrationen är till för administratörer.")
}

// canManage reports whether the signed-in user may manage the accounts of a municipality
// ("" for system administrators).
func canManage(r *http.Request, muni string) bool {
	return tertial.Can(userFrom(r.Context()), tertial.ActManageUsers, tertial.AccessTarget{Municipality: muni})
}

// accountView is an account as the list and the account page show it.
type accountView struct {
	store.Account
	URL          string
	Role         string
	Municipality string // its name, or "alla kommuner" for a system administrator
	Unit         string
	Created      string
	LastSignIn   string
	ActiveTokens int
	Tokens       []tokenView
}

type tokenView struct {
	ID, Created, Revoked string
}

// places holds the municipalities the signed-in user manages, with their units.
type places struct {
	munis []tertial.Municipality
	units map[string][]tertial.Unit
}

func (s *Server) places(r *http.Request, scope string) (*places, error) {
	all, err := s.db.Municipalities(r.Context())
	if err != nil {
		return nil, err
	}
	p := &places{units: map[string][]tertial.Unit{}}
	for _, m := range all {
		if scope != "" && m.Code != scope {
			continue
		}
		ds, err := s.db.SharedDataset(r.Context(), m.Code)
		if err != nil {
			return nil, err
		}
		p.munis = append(p.munis, m)
		p.units[m.Code] = ds.Units
	}
	return p, nil
}

func (p *places) muniName(code string) string {
	if code == "" {
		return "alla kommuner (systemadministratör)"
	}
	for _, m := range p.munis {
		if m.Code == code {
			return m.Name
		}
	}
	return code
}

func (p *places) unitName(muni, id string) string {
	for _, u := range p.units[muni] {
		if u.ID == id {
			return u.Name
		}
	}
	return id
}

func (p *places) view(a store.Account) accountView {
	v := accountView{Account: a, URL: "/admin/konton/" + url.PathEscape(a.Name), Role: roleLabels[a.User.Role],
		Municipality: p.muniName(a.User.Municipality), Unit: p.unitName(a.User.Municipality, a.User.Unit), Created: sv.Date(a.User.Created)}
	if !a.LastSignIn.IsZero() {
		v.LastSignIn = sv.Date(a.LastSignIn.Local()) + " " + a.LastSignIn.Local().Format("15:04")
	}
	for _, t := range a.Tokens {
		tv := tokenView{ID: t.ID, Created: sv.Date(t.Created)}
		if !t.Revoked.IsZero() {
			tv.Revoked = sv.Date(t.Revoked)
		} else {
			v.ActiveTokens++
		}
		v.Tokens = append(v.Tokens, tv)
	}
	return v
}

var roleOptions = []option{
	{string(tertial.RoleAdmin), "Administratör"}, {string(tertial.RoleController), "Controller"},
	{string(tertial.RoleReporter), "Rapportör"}, {string(tertial.RoleReader), "Läsare"},
}

// placeFields are the fields of an account's role, municipality (only for a system
// administrator, who chooses it) and unit.
func (p *places) placeFields(system bool, role, muni, unit string) []adminField {
	fs := []adminField{{Name: "roll", Label: "Roll", Type: "select", Value: role, Options: roleOptions,
		Hint: "Administratör: konton. Controller: allt i alla enheter, låser perioder. Rapportör: fyller i sin enhet. Läsare: läser."}}
	if system {
		opts := []option{{"", "Ingen – systemadministratör för alla kommuner (bara roll administratör)"}}
		for _, m := range p.munis {
			opts = append(opts, option{m.Code, m.Name + " (" + m.Code + ")"})
		}
		fs = append(fs, adminField{Name: "kommun", Label: "Kommun", Type: "select", Value: muni, Options: opts})
	}
	units := adminField{Name: "enhet", Label: "Enhet", Type: "select", Value: unit, Options: []option{{"", "Ingen enhet"}},
		Hint: "En rapportör behöver en enhet: den fyller i den och enheterna under den."}
	for _, m := range p.munis {
		g := optionGroup{Label: m.Name}
		for _, u := range p.units[m.Code] {
			g.Options = append(g.Options, option{u.ID, u.Name + " (" + report.UnitKindLabels[u.Kind] + ")"})
		}
		units.Groups = append(units.Groups, g)
	}
	return append(fs, units)
}

// adminListPage is /admin: the accounts and the form for a new one.
type adminListPage struct {
	base
	Title    string
	Scope    string
	Manage   bool
	System   bool
	Accounts []accountView
	Create   adminForm
	Errors   []fieldError
}

func (s *Server) adminList(r *http.Request) (*adminListPage, *places, error) {
	scope, manage, err := adminScope(r)
	if err != nil {
		return nil, nil, err
	}
	pl, err := s.places(r, scope)
	if err != nil {
		return nil, nil, err
	}
	accounts, err := s.db.Accounts(r.Context(), scope)
	if err != nil {
		return nil, nil, err
	}
	system := userFrom(r.Context()).SystemAdmin()
	page := &adminListPage{Title: "Administration – konton", Scope: pl.muniName(scope), Manage: manage, System: system}
	for _, a := range accounts {
		page.Accounts = append(page.Accounts, pl.view(a))
	}
	page.Create = adminForm{Action: "/admin/konton", Fields: append(append([]adminField{
		{Name: "namn", Label: "Användarnamn", Type: "text", Autocomplete: "off", Hint: "Små bokstäver a–z, siffror, '-', '_' och '.', till exempel anna.svensson."}},
		pl.placeFields(system, string(tertial.RoleReader), scope, "")...),
		adminField{Name: "losenord", Label: "Lösenord", Type: "password", Autocomplete: "new-password", Hint: "Minst 12 tecken, gärna flera ord i en mening. Ge det till personen på ett säkert sätt."},
		adminField{Name: "losenord2", Label: "Lösenordet igen", Type: "password", Autocomplete: "new-password"})}
	return page, pl, nil
}

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) {
	page, _, err := s.adminList(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin.html", page)
}

// readAdminForm parses a posted administration form.
func readAdminForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, signInMaxBytes)
	if err := r.ParseForm(); err != nil {
		return tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas.")
	}
	return nil
}

// newPassword checks the two password fields of a form and returns the hash of the new
// password, or the fields' errors.
func newPassword(form url.Values, field, again string) (string, []fieldError) {
	pw := form.Get(field)
	if err := tertial.CheckPassword(pw); err != nil {
		return "", []fieldError{{field, tertial.Capitalize(tertial.ErrorMessage(err)) + "."}}
	}
	if form.Get(again) != pw {
		return "", []fieldError{{again, "Lösenorden är inte lika: skriv samma lösenord i båda fälten."}}
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", []fieldError{{field, tertial.Capitalize(err.Error()) + "."}}
	}
	return hash, nil
}

// postedPlace is the role, municipality and unit of an account as a form posts them: a
// municipality's administrator's accounts stay in its municipality.
func postedPlace(r *http.Request, name string) tertial.User {
	u := tertial.User{Name: name, Role: tertial.Role(r.PostForm.Get("roll")), Unit: strings.TrimSpace(r.PostForm.Get("enhet"))}
	if actor := userFrom(r.Context()); actor.SystemAdmin() {
		u.Municipality = strings.TrimSpace(r.PostForm.Get("kommun"))
	} else {
		u.Municipality = actor.Municipality
	}
	return u
}

func (s *Server) handleCreateAccount(w http.ResponseWriter, r *http.Request) {
	page, _, err := s.adminList(r)
	if err == nil && !page.Manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "Bara en administratör kan lägga upp konton.")
	}
	if err == nil {
		err = readAdminForm(w, r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Create.fill(r.PostForm)
	u := postedPlace(r, strings.TrimSpace(r.PostForm.Get("namn")))
	errs, _ := problemsAt(tertial.Invalid(u.Validate()), accountFields)
	if !canManage(r, u.Municipality) {
		errs = append(errs, fieldError{"kommun", "Du kan bara lägga upp konton i din egen kommun."})
	}
	hash, pwErrs := newPassword(r.PostForm, "losenord", "losenord2")
	errs = append(errs, pwErrs...)
	if len(errs) == 0 {
		err := s.db.CreateUser(r.Context(), userFrom(r.Context()).Name, u, hash)
		if errs, _ = problemsAt(err, accountFields); errs == nil && err != nil {
			s.error(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		page.Errors = page.Create.setErrors(errs)
		s.render(w, r, http.StatusUnprocessableEntity, "admin.html", page)
		return
	}
	http.Redirect(w, r, "/admin/konton/"+url.PathEscape(u.Name)+"?klart=skapat", http.StatusSeeOther)
}

// accountPage is /admin/konton/{name}: an account and its forms.
type accountPage struct {
	base
	Title     string
	Account   accountView
	Manage    bool
	Notice    string
	NewToken  string // the token just created, shown this once
	NewID     string
	Place     adminForm
	Status    adminForm
	Password  adminForm
	Subject   adminForm
	Email     adminForm // e-mail for notifications (notifications.go)
	History   string    // the account's history (history.go), for those who manage it
	Errors    []fieldError
	ErrorForm string // the form the errors belong to
}

// doneNotices are the notices after an action, by the name the redirect carries: fixed
// texts, whatever the query says.
var doneNotices = map[string]string{
	"skapat":     "Kontot är skapat.",
	"roll":       "Roll, kommun och enhet är sparade. De gäller från kontots nästa sidvisning.",
	"status":     "Kontots status är sparad.",
	"losenord":   "Lösenordet är bytt, och kontots sessioner är avslutade.",
	"sessioner":  "Kontots sessioner är avslutade: det är utloggat överallt.",
	"inloggning": "Kopplingen till single sign-on är sparad.",
	"aterkallad": "API-nyckeln är återkallad och fungerar inte längre.",
	"epost":      "Kontots e-post är sparad.",
}

// account loads the page of the account named in the path, or the error: EFORBIDDEN when
// the user may not see it.
func (s *Server) account(r *http.Request) (*accountPage, error) {
	scope, manage, err := adminScope(r)
	if err != nil {
		return nil, err
	}
	a, err := s.db.Account(r.Context(), r.PathValue("name"))
	if err != nil {
		return nil, err
	}
	if scope != "" && a.User.Municipality != scope {
		return nil, tertial.Errorf(tertial.EFORBIDDEN, "Kontot hör inte till din kommun.")
	}
	pl, err := s.places(r, scope)
	if err != nil {
		return nil, err
	}
	v := pl.view(*a)
	page := &accountPage{Title: "Konto " + a.Name, Account: v, Manage: manage && canManage(r, a.User.Municipality)}
	if a.User.Municipality != "" && historyAllowed(userFrom(r.Context()), a.User.Municipality, "user") {
		page.History = historyURL(a.User.Municipality, "user", a.Name)
	}
	system := userFrom(r.Context()).SystemAdmin()
	page.Place = adminForm{Action: v.URL + "/roll", Fields: pl.placeFields(system, string(a.User.Role), a.User.Municipality, a.User.Unit)}
	status := "aktivt"
	if a.Disabled {
		status = "avstangt"
	}
	page.Status = adminForm{Action: v.URL + "/status", Fields: []adminField{{Name: "status", Label: "Status", Type: "radio", Value: status,
		Options: []option{{"aktivt", "Aktivt: kan logga in"}, {"avstangt", "Avstängt: kan inte logga in, och sessioner och API-nycklar fungerar inte"}}}}}
	page.Password = adminForm{Action: v.URL + "/losenord", Fields: []adminField{
		{Name: "losenord", Label: "Nytt lösenord", Type: "password", Autocomplete: "new-password", Hint: "Minst 12 tecken. Kontots sessioner avslutas."},
		{Name: "losenord2", Label: "Nya lösenordet igen", Type: "password", Autocomplete: "new-password"}}}
	page.Subject = adminForm{Action: v.URL + "/inloggning", Fields: []adminField{{Name: "subject", Label: "Subject (sub) hos inloggningstjänsten", Type: "text", Value: a.Subject, Autocomplete: "off",
		Hint: "Identiteten som organisationens inloggning (OpenID Connect) ger personen. Lämna tomt för att ta bort kopplingen."}}}
	page.Email = accountEmailForm(v.URL, a.Email, a.EmailOff)
	return page, nil
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	page, err := s.account(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Notice = doneNotices[r.URL.Query().Get("klart")]
	s.render(w, r, http.StatusOK, "account.html", page)
}

// handleAccountAction runs one of the account page's forms.
func (s *Server) handleAccountAction(w http.ResponseWriter, r *http.Request) {
	page, err := s.account(r)
	if err == nil && !page.Manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra det här kontot.")
	}
	if err == nil {
		err = readAdminForm(w, r)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	ctx, actor, name := r.Context(), userFrom(r.Context()).Name, page.Account.Name
	var form *adminForm
	var errs []fieldError
	action := r.PathValue("action")
	switch action {
	case "roll":
		form = &page.Place
		form.fill(r.PostForm)
		u := postedPlace(r, name)
		if !canManage(r, u.Municipality) {
			errs = []fieldError{{"kommun", "Du kan bara flytta konton inom din egen kommun."}}
			break
		}
		err = s.db.SetUserRole(ctx, actor, u)
	case "status":
		form = &page.Status
		form.fill(r.PostForm)
		switch v := r.PostForm.Get("status"); v {
		case "aktivt", "avstangt":
			if disabled := v == "avstangt"; disabled != page.Account.Disabled {
				err = s.db.SetUserDisabled(ctx, actor, name, disabled)
			}
		default:
			errs = []fieldError{{"status", "Välj aktivt eller avstängt."}}
		}
	case "losenord":
		form = &page.Password
		var hash string
		if hash, errs = newPassword(r.PostForm, "losenord", "losenord2"); errs == nil {
			err = s.db.SetPassword(ctx, actor, name, hash)
		}
	case "sessioner":
		_, err = s.db.EndSessions(ctx, actor, name)
	case "inloggning":
		form = &page.Subject
		form.fill(r.PostForm)
		if sub := r.PostForm.Get("subject"); sub != page.Account.Subject {
			if err = s.db.LinkSubject(ctx, actor, name, sub); tertial.ErrorCode(err) == tertial.EINVALID || tertial.ErrorCode(err) == tertial.ECONFLICT {
				errs, err = []fieldError{{"subject", tertial.Capitalize(tertial.ErrorMessage(err)) + "."}}, nil
			}
		}
	case "epost":
		form = &page.Email
		form.fill(r.PostForm)
		off, ok := map[string]bool{"pa": false, "av": true}[r.PostForm.Get("epost_av")]
		if !ok {
			errs = []fieldError{{"epost_av", "Välj om kontot ska få e-post."}}
			break
		}
		err = s.db.SetUserEmail(ctx, actor, name, r.PostForm.Get("epost"), off)
	case "nycklar":
		id := auth.NewTokenID()
		token, hash := auth.NewToken()
		if err := s.db.CreateToken(ctx, actor, id, name, hash); err != nil {
			s.error(w, r, err)
			return
		}
		// Shown this once, in this answer, which no one keeps (Cache-Control: no-store).
		if page, err = s.account(r); err != nil {
			s.error(w, r, err)
			return
		}
		page.NewToken, page.NewID = token, id
		s.render(w, r, http.StatusOK, "account.html", page)
		return
	default:
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Sidan finns inte."))
		return
	}
	if errs == nil && err != nil {
		var ok bool
		if errs, ok = problemsAt(err, accountFields); !ok {
			s.error(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		page.Errors, page.ErrorForm = form.setErrors(errs), form.Action
		s.render(w, r, http.StatusUnprocessableEntity, "account.html", page)
		return
	}
	http.Redirect(w, r, page.Account.URL+"?klart="+action, http.StatusSeeOther)
}

func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	page, err := s.account(r)
	if err == nil && !page.Manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra det här kontot.")
	}
	var tok *store.TokenInfo
	if err == nil {
		tok, err = s.db.Token(r.Context(), r.PathValue("id"))
	}
	if err == nil && tok.User != page.Account.Name {
		err = tertial.Errorf(tertial.ENOTFOUND, "Kontot har ingen API-nyckel %s.", r.PathValue("id"))
	}
	if err == nil {
		err = s.db.RevokeToken(r.Context(), userFrom(r.Context()).Name, tok.ID)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, page.Account.URL+"?klart=aterkallad", http.StatusSeeOther)
}

// municipalityFields maps the dataset's paths of a new municipality to the form's fields.
var municipalityFields = map[string]string{
	"municipality.name": "namn", "municipality.code": "kod", "municipality.county": "lan", "municipality.county_code": "lanskod",
	"units": "enhet_id", "units[0].id": "enhet_id", "units[0].name": "enhet_namn", "units[0].kind": "enhet_typ",
}

type newMunicipalityPage struct {
	base
	Title    string
	FirstRun bool
	Form     adminForm
	Errors   []fieldError
}

var unitKindOptions = func() []option {
	var out []option
	for _, k := range tertial.UnitKinds {
		out = append(out, option{string(k), report.UnitKindLabels[k]})
	}
	return out
}()

// handleNewMunicipality is /admin/kommuner/ny: a system administrator creates a
// municipality with its first unit (the dataset needs one), checked by the dataset's
// rules in the store (store.CreateMunicipality).
func (s *Server) handleNewMunicipality(w http.ResponseWriter, r *http.Request) {
	if !userFrom(r.Context()).SystemAdmin() {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara en systemadministratör kan lägga upp en kommun."))
		return
	}
	page := &newMunicipalityPage{Title: "Skapa kommun", FirstRun: r.URL.Query().Get("forsta") == "1", Form: adminForm{Action: "/admin/kommuner/ny", Fields: []adminField{
		{Name: "namn", Label: "Kommunens namn", Type: "text", Hint: "Som i rapporterna, till exempel Huddinge kommun."},
		{Name: "kod", Label: "Kommunkod", Type: "text", Hint: "SCB:s kod, fyra siffror, till exempel 0126."},
		{Name: "lan", Label: "Län", Type: "text", Hint: "Till exempel Stockholms län."},
		{Name: "lanskod", Label: "Länskod", Type: "text", Hint: "Två siffror, till exempel 01."},
		{Name: "enhet_namn", Label: "Första enhetens namn", Type: "text", Value: "Kommunfullmäktige", Hint: "Fler enheter läggs till senare."},
		{Name: "enhet_id", Label: "Första enhetens id", Type: "text", Value: "kf", Hint: "Kort id med små bokstäver, till exempel kf eller ks."},
		{Name: "enhet_typ", Label: "Första enhetens typ", Type: "select", Value: string(tertial.UnitCouncil), Options: unitKindOptions},
	}}}
	if r.Method == http.MethodGet {
		s.render(w, r, http.StatusOK, "municipalitynew.html", page)
		return
	}
	if err := readAdminForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	page.Form.fill(r.PostForm)
	f := r.PostForm
	v := func(name string) string { return strings.TrimSpace(f.Get(name)) }
	ds := &tertial.Dataset{
		Municipality: tertial.Municipality{Name: v("namn"), Code: v("kod"), County: v("lan"), CountyCode: v("lanskod")},
		Units:        []tertial.Unit{{ID: v("enhet_id"), Name: v("enhet_namn"), Kind: tertial.UnitKind(v("enhet_typ"))}},
		// The two levels most municipalities' goal trees have; the goal structure's page
		// changes them.
		GoalLevels: []tertial.GoalLevel{{ID: "kf", Name: "KF-mål"}, {ID: "nm", Name: "Nämndmål"}},
	}
	err := s.db.CreateMunicipality(r.Context(), userFrom(r.Context()).Name, ds)
	if err == nil {
		http.Redirect(w, r, "/kommuner/"+url.PathEscape(ds.Municipality.Code), http.StatusSeeOther)
		return
	}
	errs, ok := problemsAt(err, municipalityFields)
	if !ok {
		s.error(w, r, err)
		return
	}
	page.Errors = page.Form.setErrors(errs)
	s.render(w, r, http.StatusUnprocessableEntity, "municipalitynew.html", page)
}

// saveForm ends a post to one of the structure pages' forms (units, internal control) in
// the shape they share. With none of the form's own errs (a year that is no number), save
// runs, and on success the browser is sent on to done. Otherwise errs, or the problems of
// save's refusal (the rule set's paths mapped to field names by paths), are put beside the
// form's fields, each name after prefix (a page with several forms prefixes its fields),
// and returned for the page's summary: the caller shows its page with them (422). Any
// other error is shown as the error page. written reports that the answer is written.
func (s *Server) saveForm(w http.ResponseWriter, r *http.Request, form *adminForm, prefix string, errs []fieldError,
	paths map[string]string, save func() error, done string) (summary []fieldError, written bool) {
	if len(errs) == 0 {
		err := save()
		if err == nil {
			http.Redirect(w, r, done, http.StatusSeeOther)
			return nil, true
		}
		var ok bool
		if errs, ok = problemsAt(err, paths); !ok {
			s.error(w, r, err)
			return nil, true
		}
	}
	for i := range errs {
		errs[i].Field = prefix + errs[i].Field
	}
	return form.setErrors(errs), false
}
