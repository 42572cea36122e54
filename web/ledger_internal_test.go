package web

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"
)

// TestOneImportAtATime: a second SIE import waits for the first, at most importWait, and
// then is told to come back (503 with Retry-After); one whose client has gone stops
// waiting; once the first is done the next goes in.
func TestOneImportAtATime(t *testing.T) {
	defer func(d time.Duration) { importWait = d }(importWait)
	importWait = 30 * time.Millisecond
	s := &Server{imports: make(chan struct{}, 1)}
	release, err := s.oneImport(httptest.NewRecorder(), httptest.NewRequest("PUT", "/x", nil))
	if err != nil {
		t.Fatal(err)
	}
	w2 := httptest.NewRecorder()
	start := time.Now()
	if _, err := s.oneImport(w2, httptest.NewRequest("PUT", "/x", nil)); !errors.Is(err, errImportBusy) || w2.Header().Get("Retry-After") == "" {
		t.Errorf("while another runs: %v, Retry-After %q", err, w2.Header().Get("Retry-After"))
	}
	if waited := time.Since(start); waited < importWait {
		t.Errorf("gave up after %v, before importWait", waited)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.oneImport(httptest.NewRecorder(), httptest.NewRequest("PUT", "/x", nil).WithContext(ctx)); !errors.Is(err, context.Canceled) {
		t.Errorf("client gone: %v", err)
	}
	release()
	next, err := s.oneImport(httptest.NewRecorder(), httptest.NewRequest("PUT", "/x", nil))
	if err != nil {
		t.Fatalf("after the first is done: %v", err)
	}
	next()
}
