package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var ctx = context.Background()

// load decodes a dataset file of the repository, or a demo by its name ("demo" is the
// default demo).
func load(t *testing.T, name string) *tertial.Dataset {
	t.Helper()
	var data []byte
	if d, ok := demo.Get(name); ok {
		data = d.Bytes()
	} else if name == "demo" {
		data = demo.Bytes()
	} else {
		var err error
		if data, err = os.ReadFile(filepath.Join("..", "testdata", name)); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := dataset.Decode(data, name)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func encode(t *testing.T, ds *tertial.Dataset) []byte {
	t.Helper()
	b, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestStoreKeepsEverything: a dataset stored and loaded again is the same dataset, field
// for field (compared through its deterministic encoding).
func TestStoreKeepsEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, name := range []string{"demo", "ekby.yaml", "simrishamn.yaml", "simrishamn"} {
			ds := load(t, name)
			if err := db.ReplaceDataset(ctx, ds); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got, err := db.Dataset(ctx, ds.Municipality.Code)
			if err != nil {
				t.Fatal(err)
			}
			if want, have := encode(t, ds), encode(t, got); !bytes.Equal(want, have) {
				t.Errorf("%s: stored dataset differs from the one loaded:\n%s", name, diff(want, have))
			}
		}
	})
}

// TestStoreKeepsVocabulary: a municipality's own words and scales are stored and come
// back as they were; replacing the dataset with one without them takes them away.
func TestStoreKeepsVocabulary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "ekby.yaml")
		ds.Municipality.Vocabulary = tertial.Vocabulary{tertial.TermAssignment: "Aktivitet", tertial.TermProvisional: ""}
		ds.Municipality.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{
			tertial.ScaleGoals: {{ID: "achieved", Name: "Helt uppfyllt", Symbol: "😊", Colour: tertial.ColourGreen}, {ID: "partly", Name: "Delvis uppfyllt", Colour: tertial.ColourOrange},
				{ID: "not_achieved", Name: "Inte uppfyllt", Symbol: "☹"}},
			tertial.ScaleIndicators: {{ID: "misses", Name: "Nås inte"}, {ID: "reaches", Name: "Nås"}},
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		got, err := db.Dataset(ctx, ds.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		if want, have := encode(t, ds), encode(t, got); !bytes.Equal(want, have) {
			t.Errorf("stored dataset differs:\n%s", diff(want, have))
		}
		if l, _ := got.Municipality.Level(tertial.ScaleGoals, "partly"); l.Colour != tertial.ColourOrange {
			t.Errorf("the level's colour is lost: %+v", l)
		}
		if got.Municipality.Scales[tertial.ScaleIndicators][0].ID != "misses" {
			t.Errorf("the scale's order is lost: %v", got.Municipality.Scales[tertial.ScaleIndicators])
		}
		if err := db.ReplaceDataset(ctx, load(t, "ekby.yaml")); err != nil {
			t.Fatal(err)
		}
		if got, err = db.Dataset(ctx, ds.Municipality.Code); err != nil {
			t.Fatal(err)
		}
		if got.Municipality.Vocabulary != nil || got.Municipality.Scales != nil {
			t.Errorf("replaced dataset keeps the old words %v and scales %v", got.Municipality.Vocabulary, got.Municipality.Scales)
		}
	})
}

func diff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "first difference at line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "one is a prefix of the other"
}

// TestMunicipalitiesAreSeparate: two municipalities live side by side; replacing or
// deleting one leaves the other as it was.
func TestMunicipalitiesAreSeparate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		huddinge, ekby := load(t, "demo"), load(t, "ekby.yaml")
		for _, ds := range []*tertial.Dataset{huddinge, ekby} {
			if err := db.ReplaceDataset(ctx, ds); err != nil {
				t.Fatal(err)
			}
		}
		ms, err := db.Municipalities(ctx)
		if err != nil || len(ms) != 2 {
			t.Fatalf("Municipalities = %v, %v; want two", ms, err)
		}
		// Import the demo again, changed: the store holds the new version, once.
		huddinge.Municipality.Name = "Huddinge kommun (ny)"
		huddinge.Indicators = huddinge.Indicators[:len(huddinge.Indicators)-1]
		if err := db.ReplaceDataset(ctx, huddinge); err != nil {
			t.Fatal(err)
		}
		got, err := db.Dataset(ctx, "0126")
		if err != nil || got.Municipality.Name != "Huddinge kommun (ny)" || len(got.Indicators) != len(huddinge.Indicators) {
			t.Fatalf("after re-import: %v, %d indicators, want %d", err, len(got.Indicators), len(huddinge.Indicators))
		}
		if err := db.DeleteMunicipality(ctx, "0126"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Dataset(ctx, "0126"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("deleted municipality: %v, want not found", err)
		}
		if err := db.DeleteMunicipality(ctx, "0126"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("second delete: %v, want not found", err)
		}
		left, err := db.Dataset(ctx, ekby.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encode(t, left), encode(t, ekby)) {
			t.Error("the other municipality changed")
		}
	})
}

// TestReplaceIsAllOrNothing: when the database refuses a row in the middle of an import,
// nothing of the import is kept and the earlier data is intact. The refusal is a real
// trigger in the database, not a mock.
func TestReplaceIsAllOrNothing(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			original := load(t, "demo")
			if err := db.ReplaceDataset(ctx, original); err != nil {
				t.Fatal(err)
			}
			addFailingTrigger(t, d, url)

			changed := load(t, "demo")
			changed.Municipality.Name = "Ändrad"
			changed.Indicators[len(changed.Indicators)-1].ID = "boom"
			if err := db.ReplaceDataset(ctx, changed); err == nil {
				t.Fatal("the import succeeded although the database refused a row")
			}
			got, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(encode(t, got), encode(t, original)) {
				t.Error("a failed import changed the stored data")
			}

			// An invalid dataset is refused before anything is written.
			invalid := load(t, "demo")
			invalid.Goals[0].Level = "nope"
			err = db.ReplaceDataset(ctx, invalid)
			if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(err.Error(), "goals[0].level") {
				t.Errorf("invalid dataset: %v", err)
			}
		})
	}
}

func addFailingTrigger(t *testing.T, d store.Dialect, url string) {
	t.Helper()
	stmts := []string{
		`CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.id = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
		`CREATE TRIGGER boom BEFORE INSERT ON indicators FOR EACH ROW EXECUTE FUNCTION boom()`,
	}
	if d == store.SQLite {
		stmts = []string{`CREATE TRIGGER boom BEFORE INSERT ON indicators WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`}
	}
	conn := storetest.Raw(t, url)
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("add trigger: %v", err)
		}
	}
}

// TestMigrationsRunOnce: opening a database again applies nothing twice and keeps data.
func TestMigrationsRunOnce(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.ReplaceDataset(ctx, load(t, "ekby.yaml")); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db, err = store.Open(ctx, url)
			if err != nil {
				t.Fatalf("second open: %v", err)
			}
			defer db.Close()
			if ms, err := db.Municipalities(ctx); err != nil || len(ms) != 1 {
				t.Errorf("after reopening: %v, %v", ms, err)
			}
		})
	}
}

// TestMigrationsPerDialect: each dialect has the same migrations, in the same order.
func TestMigrationsPerDialect(t *testing.T) {
	names := func(d string) []string {
		entries, err := os.ReadDir(filepath.Join("migrations", d))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	s, p := names("sqlite"), names("postgres")
	if strings.Join(s, ",") != strings.Join(p, ",") || len(s) == 0 {
		t.Errorf("sqlite migrations %v, postgres %v", s, p)
	}
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	for _, u := range []string{"mysql://x", "tertial.db", "sqlite:"} {
		if db, err := store.Open(ctx, u); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", u)
		}
	}
}
