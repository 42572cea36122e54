package main

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

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
			stdin = strings.NewReader("x1234\n")
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
