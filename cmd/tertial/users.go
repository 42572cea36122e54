package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
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

// createDemoAccounts adds the demo's accounts, all with the password "demo".
func createDemoAccounts(ctx context.Context, db *store.DB) error {
	hash, err := auth.HashPassword("demo")
	if err != nil {
		return err
	}
	for _, u := range []tertial.User{
		{Name: "admin", Role: tertial.RoleAdmin},
		{Name: "controller", Role: tertial.RoleController, Municipality: "0126"},
		{Name: "rapportor", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"},
		{Name: "lasare", Role: tertial.RoleReader, Municipality: "0126"},
	} {
		if err := db.CreateUser(ctx, "demo", u, hash); err != nil {
			return err
		}
	}
	return nil
}

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "link") {
		return fmt.Errorf("%w: tertial user add NAMN --role ROLL [--unit ID] --password-stdin, tertial user list, eller tertial user link NAMN --subject SUB", errUsage)
	}
	fs := newFlagSet("user "+args[0], stderr)
	var dbf dbFlags
	dbf.register(fs)
	role := fs.String("role", "", "roll: admin, controller, reporter eller reader")
	unit := fs.String("unit", "", "rapportörens enhet")
	muni := fs.String("municipality", "", "kommunkod som kontot arbetar i (standard: databasens enda kommun)")
	fromStdin := fs.Bool("password-stdin", false, "läs lösenordet från standard in")
	subject := fs.String("subject", "", "user link: inloggningens subject (sub) hos OpenID Connect-leverantören")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if args[0] == "list" {
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		w := csv.NewWriter(stdout)
		w.Write([]string{"namn", "roll", "kommun", "enhet", "skapad", "avstängd"})
		for _, u := range users {
			w.Write([]string{u.Name, string(u.Role), u.Municipality, u.Unit, u.Created.Format(time.DateOnly), fmt.Sprint(u.Disabled)})
		}
		w.Flush()
		return w.Error()
	}
	if args[0] == "link" {
		if len(pos) != 1 || *subject == "" {
			return fmt.Errorf("%w: tertial user link NAMN --subject SUB", errUsage)
		}
		if err := db.LinkSubject(ctx, cliActor, pos[0], *subject); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Kontot %s är kopplat till single sign-on-inloggningen %s.\n", pos[0], *subject)
		return nil
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: ange ett användarnamn: tertial user add NAMN --role ROLL", errUsage)
	}
	if !*fromStdin {
		return fmt.Errorf("%w: lösenordet läses bara från standard in (--password-stdin), så att det inte hamnar i skalets historik", errUsage)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return tertial.Errorf(tertial.EINVALID, "%v", err)
	}
	if *muni == "" && *role != string(tertial.RoleAdmin) {
		if code, err := onlyMunicipality(ctx, db, ""); err == nil {
			*muni = code
		}
	}
	u := tertial.User{Name: pos[0], Role: tertial.Role(*role), Unit: *unit, Municipality: *muni}
	if err := db.CreateUser(ctx, cliActor, u, hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kontot %s (%s) är skapat.\n", u.Name, u.Role)
	return nil
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
	b := make([]byte, 6)
	rand.Read(b)
	id := "t-" + hex.EncodeToString(b)
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
		w.Write([]string{fmt.Sprint(e.ID), e.At.UTC().Format(time.RFC3339), e.Actor, e.Municipality, e.Entity, e.Key, e.Field, e.Old, e.New})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return writeOutput(*out, []byte(b.String()), stdout)
}
