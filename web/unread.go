package web

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// The header's count of unread notices ("Aviseringar (3 olästa)") is on every page a
// signed-in user sees. The store counts it with one indexed query (store.DB.UnreadNotices:
// a range of the index of the account's notices, never the table); on top of that each
// server keeps an account's count for a short while (Options.UnreadTTL), so that a user
// clicking through pages costs one query per TTL rather than one per page. The count is
// dropped at once when the user reads the list; a notice that arrives shows within the
// TTL (and the runner's interval: notices are made once a minute).

// DefaultUnreadTTL is how long a server keeps an account's unread count unless
// Options.UnreadTTL says otherwise.
const DefaultUnreadTTL = 15 * time.Second

// maxUnreadEntries bounds the counts kept: past it the expired ones go, and if that is not
// enough, all of them.
const maxUnreadEntries = 10000

type unreadEntry struct {
	n  int
	at time.Time
}

type unreadCounts struct {
	mu sync.Mutex
	m  map[string]unreadEntry
}

func (s *Server) unreadTTL() time.Duration {
	if s.opts.UnreadTTL == 0 {
		return DefaultUnreadTTL
	}
	return s.opts.UnreadTTL
}

// unreadCount returns the account's number of unread notices, kept for the TTL.
func (s *Server) unreadCount(ctx context.Context, user string) (int, error) {
	ttl := s.unreadTTL()
	now := time.Now()
	c := &s.unread
	if ttl > 0 {
		c.mu.Lock()
		e, ok := c.m[user]
		c.mu.Unlock()
		if ok && now.Sub(e.at) < ttl {
			return e.n, nil
		}
	}
	n, err := s.db.UnreadNotices(ctx, user)
	if err != nil || ttl <= 0 {
		return n, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]unreadEntry{}
	}
	if len(c.m) >= maxUnreadEntries {
		for k, e := range c.m {
			if now.Sub(e.at) >= ttl {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxUnreadEntries {
			clear(c.m)
		}
	}
	c.m[user] = unreadEntry{n, now}
	return n, nil
}

// forgetUnread drops the account's kept count: it has just read its notices.
func (s *Server) forgetUnread(user string) {
	s.unread.mu.Lock()
	delete(s.unread.m, user)
	s.unread.mu.Unlock()
}

// setUnread gives a page's header the signed-in user's unread count. A failure to count
// leaves the header without it rather than fail the page (and is logged).
func (s *Server) setUnread(r *http.Request, data any) {
	b, ok := data.(interface{ setUnread(int) })
	u := userFrom(r.Context())
	if !ok || u == nil {
		return
	}
	n, err := s.unreadCount(r.Context(), u.Name)
	if err != nil {
		if r.Context().Err() == nil {
			s.log.Warn("olästa aviseringar", "user", u.Name, "err", err)
		}
		return
	}
	b.setUnread(n)
}

func (b *base) setUnread(n int) { b.Unread = n }
