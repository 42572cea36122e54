package pdfreport

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// ErrNoChromium is returned when no local Chromium is found and no remote one is named.
var ErrNoChromium = errors.New("chromium saknas: installera Debians paket chromium (apt-get install chromium) eller ange --chromium URL till en Chromium som körs någon annanstans")

// candidates are the names looked up on PATH when Options.ChromiumPath is empty.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findChromium returns the Chromium binary to start.
func findChromium(path string) (string, error) {
	if path != "" {
		if st, err := os.Stat(path); err != nil || st.IsDir() {
			if p, err := exec.LookPath(path); err == nil {
				return p, nil
			}
			return "", ErrNoChromium
		}
		return path, nil
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// browser is one tab of a Chromium, local or remote, that prints pages.
type browser struct {
	ctx    context.Context
	cancel func()
	dir    string
}

// open starts a local headless Chromium (or connects to the remote one) and opens a tab.
func open(ctx context.Context, opts Options) (*browser, error) {
	b := &browser{}
	var actx context.Context
	var cancelAlloc context.CancelFunc
	if opts.RemoteURL != "" {
		actx, cancelAlloc = remote.NewAllocator(context.WithoutCancel(ctx), opts.RemoteURL)
	} else {
		bin, err := findChromium(opts.ChromiumPath)
		if err != nil {
			return nil, err
		}
		dir, err := os.MkdirTemp("", "tertial-chromium-")
		if err != nil {
			return nil, err
		}
		b.dir = dir
		flags := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(bin),
			chromedp.NoSandbox,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("font-render-hinting", "none"),
			chromedp.UserDataDir(dir),
		)
		actx, cancelAlloc = chromedp.NewExecAllocator(context.WithoutCancel(ctx), flags...)
	}
	tctx, cancelTab := chromedp.NewContext(actx)
	b.ctx = tctx
	b.cancel = func() {
		cancelTab()
		cancelAlloc()
		if b.dir != "" {
			removeAll(b.dir)
		}
	}
	// The first run starts the browser; it must not carry the caller's deadline.
	if err := chromedp.Do(tctx); err != nil {
		b.cancel()
		if opts.RemoteURL != "" {
			return nil, fmt.Errorf("chromium på %s svarar inte: %w", opts.RemoteURL, err)
		}
		return nil, fmt.Errorf("starta chromium: %w", err)
	}
	return b, nil
}

// removeAll removes Chromium's profile directory, retrying while its child processes
// still write in it.
func removeAll(dir string) {
	for range 50 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *browser) close() { b.cancel() }

// load replaces the tab's document with the HTML.
func (b *browser) load(ctx context.Context, html []byte) error {
	ctx, stop := merge(b.ctx, ctx)
	defer stop()
	return chromedp.Do(ctx,
		chromedp.Navigate("about:blank"),
		func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return chromedp.Void{}, err
			}
			_, err = cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID, HTML: string(html)})
			return chromedp.Void{}, err
		},
	)
}

// print prints the tab's document.
func (b *browser) print(ctx context.Context, p page.PrintToPDFParams) ([]byte, error) {
	ctx, stop := merge(b.ctx, ctx)
	defer stop()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, p)
		return res.Data, err
	})
}

// merge returns the chromedp context bounded by the caller's context as well.
func merge(tab, caller context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(tab)
	if d, ok := caller.Deadline(); ok {
		var c2 context.CancelFunc
		ctx, c2 = context.WithDeadline(ctx, d)
		c1 := cancel
		cancel = func() { c2(); c1() }
	}
	stop := context.AfterFunc(caller, cancel)
	return ctx, func() { stop(); cancel() }
}
