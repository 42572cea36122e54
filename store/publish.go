package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/tertial/tertial"
)

// PublishedFile is one file of a published version.
type PublishedFile struct {
	Format    string // html, pdf, docx, xlsx
	Name      string // the file name it is served under
	MediaType string
	SHA256    string // hex
	Size      int64
	Content   []byte // only when asked for
}

// Publication is a published version of a period's report.
type Publication struct {
	Number      int // 1, 2, … per period
	PublishedAt time.Time
	PublishedBy string
	Files       []PublishedFile
}

// Publish stores the files of a new published version of a locked period and returns it.
// The SHA-256 of each file is computed here, from the bytes stored. It returns ECONFLICT
// for a period that is not locked: only what the board decided is published.
func (db *DB) Publish(ctx context.Context, actor string, p PeriodRef, files []PublishedFile) (*Publication, error) {
	pub := &Publication{PublishedBy: actor}
	err := db.inTx(ctx, func(tx *Tx) error {
		// The period's row stays held until the publication commits, so that an unlock
		// cannot slip in between and leave a publication of an open period.
		state, err := periodState(tx, p, shareLock)
		if err != nil {
			return err
		}
		if state != tertial.PeriodLocked {
			return tertial.Errorf(tertial.ECONFLICT, "perioden %s är inte låst: bara det nämnden har beslutat publiceras", p.Period)
		}
		if err := tx.get(`SELECT COALESCE(MAX(number), 0) + 1 FROM publications WHERE muni = ? AND unit_id = ? AND period_id = ?`,
			[]any{p.Municipality, p.Unit, p.Period}, &pub.Number); err != nil {
			return err
		}
		now := db.Now().UTC()
		pub.PublishedAt = now
		var id int64
		if err := tx.get(`INSERT INTO publications (muni, unit_id, period_id, number, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{p.Municipality, p.Unit, p.Period, pub.Number, now.Format(time.RFC3339Nano), actor}, &id); err != nil {
			return err
		}
		for _, f := range files {
			sum := sha256.Sum256(f.Content)
			f.SHA256, f.Size = hex.EncodeToString(sum[:]), int64(len(f.Content))
			if err := tx.exec(`INSERT INTO publication_files (publication_id, format, file_name, media_type, sha256, size, content) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, f.Format, f.Name, f.MediaType, f.SHA256, f.Size, f.Content); err != nil {
				return err
			}
			f.Content = nil
			pub.Files = append(pub.Files, f)
		}
		_, err = db.audit(tx, actor, p.Municipality, "publication", p.key()+"/"+itoa(pub.Number), []change{{"published", "", itoa(len(files)) + " filer"}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return pub, nil
}

func itoa(n int) string { return tertial.DecimalFromInt(int64(n)).String() }

// Publications lists a period's published versions, newest first, with their files'
// names and hashes (not their content).
func (db *DB) Publications(ctx context.Context, p PeriodRef) ([]Publication, error) {
	var out []Publication
	err := db.inReadTx(ctx, func(tx *Tx) error {
		ids := map[int64]int{}
		if err := tx.query(`SELECT id, number, published_at, published_by FROM publications WHERE muni = ? AND unit_id = ? AND period_id = ? ORDER BY number DESC`,
			[]any{p.Municipality, p.Unit, p.Period}, func(r *sql.Rows) error {
				var id int64
				var pub Publication
				var at string
				if err := r.Scan(&id, &pub.Number, &at, &pub.PublishedBy); err != nil {
					return err
				}
				pub.PublishedAt, _ = time.Parse(time.RFC3339Nano, at)
				ids[id] = len(out)
				out = append(out, pub)
				return nil
			}); err != nil {
			return err
		}
		return tx.query(`SELECT f.publication_id, f.format, f.file_name, f.media_type, f.sha256, f.size FROM publication_files f
			JOIN publications p ON p.id = f.publication_id WHERE p.muni = ? AND p.unit_id = ? AND p.period_id = ? ORDER BY f.publication_id, f.format`,
			[]any{p.Municipality, p.Unit, p.Period}, func(r *sql.Rows) error {
				var id int64
				var f PublishedFile
				if err := r.Scan(&id, &f.Format, &f.Name, &f.MediaType, &f.SHA256, &f.Size); err != nil {
					return err
				}
				out[ids[id]].Files = append(out[ids[id]].Files, f)
				return nil
			})
	})
	return out, err
}

// PublishedFileContent returns a file of a published version with its content, or
// ENOTFOUND.
func (db *DB) PublishedFileContent(ctx context.Context, p PeriodRef, number int, format string) (*PublishedFile, error) {
	var f PublishedFile
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.get(`SELECT f.format, f.file_name, f.media_type, f.sha256, f.size, f.content FROM publication_files f
			JOIN publications p ON p.id = f.publication_id
			WHERE p.muni = ? AND p.unit_id = ? AND p.period_id = ? AND p.number = ? AND f.format = ?`,
			[]any{p.Municipality, p.Unit, p.Period, number, format}, &f.Format, &f.Name, &f.MediaType, &f.SHA256, &f.Size, &f.Content)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen sådan publicerad fil")
	}
	return &f, err
}
