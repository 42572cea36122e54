package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
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

// TestUploadError: an upload beyond the limit and one broken off are the user's to send
// again, with a message that does not show the connection's details.
func TestUploadError(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	r := httptest.NewRequest("POST", "/x", nil)
	var failed *uploadFailed
	err := s.uploadError(r, fmt.Errorf("read: %w", &http.MaxBytesError{Limit: DefaultMaxUpload}))
	if !errors.As(err, &failed) || !failed.tooLarge || tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(tertial.ErrorMessage(err), "större än 200 MB") {
		t.Errorf("too large: %v", err)
	}
	err = s.uploadError(r, errors.New("read tcp 10.0.0.5:8080->10.0.0.9:51234: i/o timeout"))
	if !errors.As(err, &failed) || failed.tooLarge || tertial.ErrorCode(err) != tertial.EINVALID || strings.Contains(tertial.ErrorMessage(err), "10.0.0") {
		t.Errorf("broken off: %v", err)
	}
}
