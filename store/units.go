package store

import (
	"context"
	"fmt"

	"github.com/tertial/tertial"
)

// The organisation's units, edited in the product: structural edits (see restructure), so
// the whole dataset as it will be must pass Dataset.Validate. A unit's ID never changes;
// its name, short name, kind, parent (a move in the tree), the year it was retired and a
// company's ownership share and organisationsnummer do.
// The problems of the unit edited name its fields ("id", "name", "kind", "parent",
// "retired"); problems elsewhere keep their dataset path. Whether the user may make the
// edit is the caller's question (tertial.ActEditStructure).

// insertUnit inserts the unit at the position.
func insertUnit(tx *Tx, muni string, pos int, u *tertial.Unit) error {
	kind, share := unitKindColumns(u)
	return tx.exec(`INSERT INTO units (muni, id, pos, name, short_name, kind, parent_id, retired, ownership_share, org_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		muni, u.ID, pos, u.Name, u.ShortName, kind, null(u.Parent), u.Retired, share, u.OrgNumber)
}

// unitChanges are the audit log's changes from old to new (old zero for a new unit).
func unitChanges(old, new tertial.Unit) []change {
	return []change{{"name", old.Name, new.Name}, {"short_name", old.ShortName, new.ShortName},
		{"kind", string(old.Kind), string(new.Kind)}, {"parent", old.Parent, new.Parent},
		{"retired", yearText(old.Retired), yearText(new.Retired)},
		{"share", shareText(old.Share), shareText(new.Share)}, {"org_number", old.OrgNumber, new.OrgNumber}}
}

// shareText is a company's ownership share as the audit log keeps it: the decimal, or ""
// for none.
func shareText(d *tertial.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// CreateUnit adds the unit to the municipality's organisation, after every other unit. An
// ID the municipality already has, an unknown kind or parent, or an empty name is refused
// with EINVALID and nothing changes.
func (db *DB) CreateUnit(ctx context.Context, actor, muni string, u tertial.Unit) error {
	prefix := ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		prefix = fmt.Sprintf("units[%d].", len(ds.Units))
		ds.Units = append(ds.Units, u)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM units WHERE muni = ?`, []any{muni}, &pos); err != nil {
			return nil, err
		}
		if err := insertUnit(tx, muni, pos, &u); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "unit", key: u.ID,
			changes: append([]change{{"created", "", "created"}}, unitChanges(tertial.Unit{}, u)...)}}, nil
	})
	return itemProblems(err, prefix)
}

// UpdateUnit replaces the unit with u.ID's name, short name, kind, parent and retirement
// year with u's. A parent that would put the unit under itself (a cycle) is refused with
// EINVALID, as is everything else the rule set refuses; ENOTFOUND for a unit the
// municipality does not have. A company that stays a company and has no share in u keeps
// its share and organisationsnummer: a caller that does not edit them leaves them out
// (ReplaceUnit replaces them too).
func (db *DB) UpdateUnit(ctx context.Context, actor, muni string, u tertial.Unit) error {
	return db.updateUnit(ctx, actor, muni, u, true)
}

// ReplaceUnit is UpdateUnit for a caller that edits a company's share and
// organisationsnummer as well: u's replace them, so a company without a share in u is
// refused by the rule set ("share").
func (db *DB) ReplaceUnit(ctx context.Context, actor, muni string, u tertial.Unit) error {
	return db.updateUnit(ctx, actor, muni, u, false)
}

func (db *DB) updateUnit(ctx context.Context, actor, muni string, u tertial.Unit, keepCompany bool) error {
	prefix := ""
	var old tertial.Unit
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		for i := range ds.Units {
			if ds.Units[i].ID == u.ID {
				old = ds.Units[i]
				// An edit that leaves a company's share out keeps it and the org number.
				if keepCompany && u.Kind == tertial.UnitCompany && old.Kind == tertial.UnitCompany && u.Share == nil {
					u.Share, u.OrgNumber = old.Share, old.OrgNumber
				}
				ds.Units[i] = u
				prefix = fmt.Sprintf("units[%d].", i)
				return nil
			}
		}
		return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", u.ID)
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		kind, share := unitKindColumns(&u)
		if err := tx.exec(`UPDATE units SET name = ?, short_name = ?, kind = ?, parent_id = ?, retired = ?, ownership_share = ?, org_number = ? WHERE muni = ? AND id = ?`,
			u.Name, u.ShortName, kind, null(u.Parent), u.Retired, share, u.OrgNumber, muni, u.ID); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "unit", key: u.ID, changes: unitChanges(old, u)}}, nil
	})
	return itemProblems(err, prefix)
}

// DeleteUnit removes the unit from the organisation. Only a unit nothing refers to may
// go: one with periods, goals, units below it or accounts is refused with EINVALID (a unit
// with reports can be retired instead, see UpdateUnit), as is one anything else of the
// dataset names (an indicator's owner, an internal-control item). ENOTFOUND for a unit the
// municipality does not have.
func (db *DB) DeleteUnit(ctx context.Context, actor, muni, id string) error {
	var old tertial.Unit
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		at := -1
		for i := range ds.Units {
			if ds.Units[i].ID == id {
				at = i
			}
		}
		if at < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", id)
		}
		old = ds.Units[at]
		refused := func(msg string) error { return tertial.Invalid([]tertial.Problem{{Path: "id", Message: msg}}) }
		for _, p := range ds.Periods {
			if p.Unit == id {
				return refused("en enhet med rapporter kan inte tas bort men kan avslutas: ange året den avslutades")
			}
		}
		for _, g := range ds.Goals {
			if g.Unit == id {
				return refused("en enhet med mål kan inte tas bort men kan avslutas: ange året den avslutades")
			}
		}
		for _, u := range ds.Units {
			if u.Parent == id {
				return refused(fmt.Sprintf("enheten har underliggande enheter (%s): flytta eller ta bort dem först", u.Name))
			}
		}
		ds.Units = append(ds.Units[:at:at], ds.Units[at+1:]...)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM users WHERE muni = ? AND unit_id = ?`, []any{muni, id}, &n); err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf("enheten har %d konton: byt deras enhet först", n)}})
		}
		if err := tx.exec(`DELETE FROM units WHERE muni = ? AND id = ?`, muni, id); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "unit", key: id,
			changes: append([]change{{"deleted", "", "deleted"}}, unitChanges(old, tertial.Unit{})...)}}, nil
	})
}
