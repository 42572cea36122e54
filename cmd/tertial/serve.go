package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/web"
)

// serve runs the web site on addr until ctx is cancelled (SIGINT, SIGTERM), then lets
// requests in flight finish for up to ten seconds.
func serve(ctx context.Context, db *store.DB, addr string, log *slog.Logger, opts web.Options) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serveOn(ctx, db, ln, log, opts)
}

// serveOn is serve on a listener that is already open.
func serveOn(ctx context.Context, db *store.DB, ln net.Listener, log *slog.Logger, opts web.Options) error {
	h, err := web.New(db, log, opts)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("Tertial lyssnar", "url", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stänger ner")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
