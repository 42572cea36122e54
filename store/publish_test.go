package store_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestPublishedVersionsAreImmutable: only a locked period is published; each version is
// numbered, keeps its files with their SHA-256, and the database refuses to change them,
// even when the dataset is imported again.
func TestPublishedVersionsAreImmutable(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			demoOpen(t, db)
			files := []store.PublishedFile{{Format: "html", Name: "ks-2021-08.html", MediaType: "text/html", Content: []byte("<p>Rapport</p>")}}
			if _, err := db.Publish(ctx, "c", ks, files); tertial.ErrorCode(err) != tertial.ECONFLICT {
				t.Fatalf("publishing an open period: %v", err)
			}
			if err := db.LockPeriod(ctx, "c", ks, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
				t.Fatal(err)
			}
			p1, err := db.Publish(ctx, "c", ks, files)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(files[0].Content)
			if p1.Number != 1 || p1.Files[0].SHA256 != hex.EncodeToString(sum[:]) || p1.Files[0].Size != int64(len(files[0].Content)) {
				t.Errorf("publication %+v", p1)
			}
			p2, err := db.Publish(ctx, "c", ks, files)
			if err != nil || p2.Number != 2 {
				t.Fatalf("second version: %v %+v", err, p2)
			}
			list, err := db.Publications(ctx, ks)
			if err != nil || len(list) != 2 || list[0].Number != 2 || len(list[1].Files) != 1 {
				t.Fatalf("list %+v %v", list, err)
			}
			f, err := db.PublishedFileContent(ctx, ks, 1, "html")
			if err != nil || string(f.Content) != "<p>Rapport</p>" {
				t.Errorf("content %v %v", f, err)
			}
			// Importing the dataset again leaves what was published.
			if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
				t.Fatal(err)
			}
			if list, _ := db.Publications(ctx, ks); len(list) != 2 {
				t.Errorf("after a new import %d versions", len(list))
			}
			conn := storetest.Raw(t, url)
			for _, q := range []string{`UPDATE publication_files SET content = content`, `DELETE FROM publication_files`,
				`UPDATE publications SET published_by = 'x'`, `DELETE FROM publications`} {
				if _, err := conn.Exec(q); err == nil {
					t.Errorf("the database allowed %s", q)
				}
			}
		})
	}
}
