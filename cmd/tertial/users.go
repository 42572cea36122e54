package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/store"
)

// The command line acts as this user in the audit log: whoever can run the binary
// against the database is the operator.
const cliActor = "kommandorad"

// createDemoAccounts adds the demo's accounts, all with the password "demo". It runs only
// for the temporary database of --demo (dbFlags.open), which is removed when the command
// ends and holds nothing but the demo: that is why these passwords need not pass
// tertial.CheckPassword, which every password an operator sets must (user add,
// set-password). admin is a system administrator (no municipality); the others work in
// the demo's municipality (code), and rapportor reports for its unit.
func createDemoAccounts(ctx context.Context, db *store.DB, code, unit string) error {
	hash, err := auth.HashPassword("demo")
	if err != nil {
		return err
	}
	for _, u := range []tertial.User{
		{Name: "admin", Role: tertial.RoleAdmin},
		{Name: "controller", Role: tertial.RoleController, Municipality: code},
		{Name: "rapportor", Role: tertial.RoleReporter, Municipality: code, Unit: unit},
		{Name: "lasare", Role: tertial.RoleReader, Municipality: code},
	} {
		if err := db.CreateUser(ctx, "demo", u, hash); err != nil {
			return err
		}
	}
	return nil
}

const userUsage = `tertial user add NAMN --role ROLL [--unit ID] [--municipality KOD] --password-stdin
  tertial user list
  tertial user link NAMN --subject SUB
  tertial user disable NAMN | enable NAMN
  tertial user set-role NAMN --role ROLL [--unit ID] [--municipality KOD]
  tertial user set-password NAMN --password-stdin
  tertial user sessions-end NAMN`

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "add", "list", "link", "disable", "enable", "set-role", "set-password", "sessions-end":
	default:
		return fmt.Errorf("%w:\n  %s", errUsage, userUsage)
	}
	fs := newFlagSet("user "+sub, stderr)
	var dbf dbFlags
	dbf.register(fs)
	role := fs.String("role", "", "roll: admin, controller, reporter eller reader")
	unit := fs.String("unit", "", "rapportörens enhet")
	muni := fs.String("municipality", "", "kommunkod som kontot arbetar i (standard: databasens enda kommun; en admin utan kommun är systemadministratör)")
	fromStdin := fs.Bool("password-stdin", false, "läs lösenordet från standard in")
	subject := fs.String("subject", "", "user link: inloggningens subject (sub) hos OpenID Connect-leverantören")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if sub != "list" && len(pos) != 1 {
		return fmt.Errorf("%w: ange ett användarnamn: tertial user %s NAMN", errUsage, sub)
	}
	var hash string
	if sub == "add" || sub == "set-password" {
		// The password is read and checked before the database is opened: a refused
		// password changes nothing.
		if hash, err = readPassword(stdin, *fromStdin); err != nil {
			return err
		}
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	switch sub {
	case "list":
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		w := csv.NewWriter(stdout)
		w.Write([]string{"namn", "roll", "kommun", "enhet", "skapad", "avstängd"})
		for _, u := range users {
			w.Write(csvSafe([]string{u.Name, string(u.Role), u.Municipality, u.Unit, u.Created.Format(time.DateOnly), fmt.Sprint(u.Disabled)}))
		}
		w.Flush()
		return w.Error()
	case "link":
		if *subject == "" {
			return fmt.Errorf("%w: tertial user link NAMN --subject SUB", errUsage)
		}
		if err := db.LinkSubject(ctx, cliActor, pos[0], *subject); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Kontot %s är kopplat till single sign-on-inloggningen %s.\n", pos[0], *subject)
	case "add":
		u := tertial.User{Name: pos[0], Role: tertial.Role(*role), Unit: *unit}
		if u.Municipality, err = accountMunicipality(ctx, db, u.Role, *muni); err != nil {
			return err
		}
		had, err := db.HasAccounts(ctx)
		if err != nil {
			return err
		}
		if err := db.CreateUser(ctx, cliActor, u, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Kontot %s (%s%s) är skapat.\n", u.Name, u.Role, where(u))
		if !had && u.SystemAdmin() {
			// The first account of the database: say where to go on.
			fmt.Fprintf(stdout, "Starta webbplatsen med tertial serve och öppna http://%s/logga-in; logga in som %s och skapa kommunen på http://%s/admin/kommuner/ny.\n", defaultAddr, u.Name, defaultAddr)
		}
	case "disable", "enable":
		if err := db.SetUserDisabled(ctx, cliActor, pos[0], sub == "disable"); err != nil {
			return err
		}
		if sub == "disable" {
			fmt.Fprintf(stdout, "Kontot %s är avstängt: det kan inte logga in, och dess sessioner och API-nycklar fungerar inte.\n", pos[0])
		} else {
			fmt.Fprintf(stdout, "Kontot %s är påslaget igen.\n", pos[0])
		}
	case "set-role":
		if *role == "" {
			return fmt.Errorf("%w: ange rollen: tertial user set-role NAMN --role ROLL [--unit ID] [--municipality KOD]", errUsage)
		}
		u := tertial.User{Name: pos[0], Role: tertial.Role(*role), Unit: *unit, Municipality: *muni}
		if u.Municipality == "" {
			// Without --municipality the account stays in its municipality; one that has
			// none gets one as a new account would.
			old, err := findUser(ctx, db, u.Name)
			if err != nil {
				return err
			}
			if u.Municipality = old.Municipality; u.Municipality == "" {
				if u.Municipality, err = accountMunicipality(ctx, db, u.Role, ""); err != nil {
					return err
				}
			}
		}
		if err := db.SetUserRole(ctx, cliActor, u); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Kontot %s har nu rollen %s%s.\n", u.Name, u.Role, where(u))
	case "set-password":
		if err := db.SetPassword(ctx, cliActor, pos[0], hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Kontot %s har fått ett nytt lösenord; dess sessioner är avslutade.\n", pos[0])
	case "sessions-end":
		n, err := db.EndSessions(ctx, cliActor, pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d sessioner för %s är avslutade.\n", n, pos[0])
	}
	return nil
}

// readPassword reads a new password from the first line of standard input, checks it
// with tertial.CheckPassword and returns its hash.
func readPassword(stdin io.Reader, fromStdin bool) (string, error) {
	if !fromStdin {
		return "", fmt.Errorf("%w: lösenordet läses bara från standard in (--password-stdin), så att det inte hamnar i skalets historik", errUsage)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	password := strings.TrimRight(line, "\r\n")
	if err := tertial.CheckPassword(password); err != nil {
		return "", err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", tertial.Errorf(tertial.EINVALID, "%v", err)
	}
	return hash, nil
}

// accountMunicipality returns the municipality of a new account: the one given; none for
// an admin (a system administrator); otherwise the database's only municipality. With
// several it refuses to guess (issue 12: an account without a municipality could act in
// all of them).
func accountMunicipality(ctx context.Context, db *store.DB, role tertial.Role, given string) (string, error) {
	if given != "" || role == tertial.RoleAdmin {
		return given, nil
	}
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return "", err
	}
	switch len(ms) {
	case 0:
		return "", tertial.Errorf(tertial.EINVALID, "databasen har ingen kommun än: läs in en datamängd med tertial import innan konton läggs upp")
	case 1:
		return ms[0].Code, nil
	}
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code + " " + m.Name
	}
	return "", fmt.Errorf("%w: databasen har %d kommuner (%s); ange vilken kontot hör till med --municipality KOD", errUsage, len(ms), strings.Join(codes, ", "))
}

func findUser(ctx context.Context, db *store.DB, name string) (*tertial.User, error) {
	users, err := db.Users(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Name == name {
			return &u, nil
		}
	}
	return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen användare %q", name)
}

// where describes the municipality and unit of an account for a message.
func where(u tertial.User) string {
	switch {
	case u.Municipality == "":
		return ", systemadministratör för alla kommuner"
	case u.Unit != "":
		return ", kommun " + u.Municipality + ", enhet " + u.Unit
	}
	return ", kommun " + u.Municipality
}

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "revoke") {
		return fmt.Errorf("%w: tertial token create --user NAMN, eller tertial token revoke ID", errUsage)
	}
	fs := newFlagSet("token "+args[0], stderr)
	var dbf dbFlags
	dbf.register(fs)
	user := fs.String("user", "", "kontot som token gäller för")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if args[0] == "revoke" {
		if len(pos) != 1 {
			return fmt.Errorf("%w: ange tokenens id: tertial token revoke ID", errUsage)
		}
		if err := db.RevokeToken(ctx, cliActor, pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Token %s är återkallad.\n", pos[0])
		return nil
	}
	if *user == "" {
		return fmt.Errorf("%w: ange --user NAMN", errUsage)
	}
	id := auth.NewTokenID()
	token, hash := auth.NewToken()
	if err := db.CreateToken(ctx, cliActor, id, *user, hash); err != nil {
		return err
	}
	// The token alone on standard output, so that scripts can capture it; its ID (for
	// revoking) on standard error.
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stderr, "Token %s för %s. Den visas bara nu; återkalla med: tertial token revoke %s\n", id, *user, id)
	return nil
}

func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("audit", stderr)
	var dbf dbFlags
	dbf.register(fs)
	muni := fs.String("municipality", "", "bara ändringar i den här kommunen")
	out := fs.String("o", "-", "fil att skriva till (- för standard ut)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	entries, err := db.AuditLog(ctx, store.AuditFilter{Municipality: *muni})
	if err != nil {
		return err
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "tid", "vem", "kommun", "typ", "post", "falt", "fore", "efter"})
	for _, e := range entries {
		w.Write(csvSafe([]string{fmt.Sprint(e.ID), e.At.UTC().Format(time.RFC3339), e.Actor, e.Municipality, e.Entity, e.Key, e.Field, e.Old, e.New}))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return writeOutput(*out, []byte(b.String()), stdout)
}

// csvSafe defuses cells that a spreadsheet would run as a formula (OWASP, CSV injection):
// a cell that starts with =, +, -, @, a tab or a carriage return gets a single quote in
// front, which Excel and LibreOffice show as text and do not run. It is applied to every
// cell, numbers too: the audit log's old and new values are text as the user typed them,
// and a value such as "-236650000.00" reads the same with the quote in front, while
// telling a number from a formula ("-2+3+cmd|' /C calc'!A0") is exactly what such an
// attack relies on getting wrong.
func csvSafe(row []string) []string {
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			row[i] = "'" + cell
		}
	}
	return row
}
