package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// GET /api/v1/municipalities/{code}/history?entity=&key=&limit=
//
// The audit log of a municipality, or of one item (entity and key, as the history page's
// typ and nyckel): each change with its raw fields and the sentence the history page
// says it with.

type apiHistoryEntry struct {
	Time     string `json:"time"`
	Actor    string `json:"actor"`
	Entity   string `json:"entity"`
	Key      string `json:"key"`
	Field    string `json:"field"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Item     string `json:"item"`     // the item in words
	Sentence string `json:"sentence"` // the change in words; a text's as its word diff
}

type apiHistory struct {
	Entries []apiHistoryEntry `json:"entries"`
}

const (
	historyDefaultLimit = 100
	historyMaxLimit     = 1000
)

// historyAllowed says whether the user may read the history: the municipality's readers
// may read its items' history; the history of accounts and tokens, and the whole log
// (which holds them), only those who manage the municipality's users.
func historyAllowed(u *tertial.User, muni, entity string) bool {
	target := tertial.AccessTarget{Municipality: muni}
	switch entity {
	case "", "user", "api_token":
		return tertial.Can(u, tertial.ActManageUsers, target)
	}
	return tertial.Can(u, tertial.ActRead, target)
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Municipality: r.PathValue("code"), Entity: q.Get("entity"), Key: q.Get("key"), Limit: historyDefaultLimit}
	if f.Key != "" && f.Entity == "" {
		s.apiError(w, r, tertial.Errorf(tertial.EINVALID, "key kräver entity: ange vilken sorts post nyckeln gäller"))
		return
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > historyMaxLimit {
			s.apiError(w, r, tertial.Errorf(tertial.EINVALID, "limit ska vara ett heltal från 1 till %d, inte %q", historyMaxLimit, v))
			return
		}
		f.Limit = n
	}
	ds, err := s.db.SharedDataset(r.Context(), f.Municipality)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !historyAllowed(userFrom(r.Context()), f.Municipality, f.Entity) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här historiken."))
		return
	}
	entries, err := s.db.AuditLog(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := apiHistory{Entries: []apiHistoryEntry{}}
	items := map[[2]string]historyItem{}
	for _, e := range entries {
		k := [2]string{e.Entity, e.Key}
		it, ok := items[k]
		if !ok {
			it = describeHistory(ds, e.Entity, e.Key)
			items[k] = it
		}
		out.Entries = append(out.Entries, apiHistoryEntry{Time: e.At.UTC().Format(time.RFC3339), Actor: e.Actor,
			Entity: e.Entity, Key: e.Key, Field: e.Field, Old: e.Old, New: e.New, Item: it.name, Sentence: it.row(e).sentence()})
	}
	s.writeAPI(w, r, http.StatusOK, out)
}
