package store

import (
	"context"
	"fmt"

	"github.com/tertial/tertial"
)

// SetLogo gives the municipality its logo, or removes it when logo is nil: a structural
// edit (see restructure), so the logo must pass Dataset.Validate (a PNG or JPEG of at most
// tertial.MaxLogoBytes whose bytes are what its type says); its problems come back with
// the paths "type" and "data" and nothing changes. The audit log records the logo's type,
// size and dimensions, not its bytes. ENOTFOUND for an unknown municipality. Whether the
// user may is the caller's question (as for UpdateSettings).
func (db *DB) SetLogo(ctx context.Context, actor, muni string, logo *tertial.Logo) error {
	var old *tertial.Logo
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		old = ds.Municipality.Logo
		ds.Municipality.Logo = logo
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.exec(`DELETE FROM municipality_logos WHERE muni = ?`, muni); err != nil {
			return nil, err
		}
		if err := insertLogo(tx, muni, logo); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "municipality", key: muni, changes: []change{{"logo", logoText(old), logoText(logo)}}}}, nil
	})
	return itemProblems(err, "municipality.logo.")
}

func insertLogo(tx *Tx, muni string, l *tertial.Logo) error {
	if l == nil {
		return nil
	}
	return tx.exec(`INSERT INTO municipality_logos (muni, content_type, data) VALUES (?, ?, ?)`, muni, l.Type, l.Data)
}

// logoText describes a logo for the audit log: "image/png, 5123 byte, 200 × 80".
func logoText(l *tertial.Logo) string {
	if l == nil {
		return ""
	}
	w, h := l.Size()
	return fmt.Sprintf("%s, %d byte, %d × %d", l.Type, len(l.Data), w, h)
}
