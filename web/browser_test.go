package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// BrowserEnv names the Chromium binary the browser tests drive; .ci/run sets it.
const BrowserEnv = "TERTIAL_TEST_BROWSER"

// browser starts headless Chromium for one test, with JavaScript turned off as a visitor
// without JavaScript would have it.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := os.Getenv(BrowserEnv)
	if bin == "" {
		t.Skipf("browser tests are off: set %s to a Chromium binary (e.g. /usr/bin/chromium)", BrowserEnv)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	noScripts := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(ctx, noScripts); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// TestBrowserWithoutJavaScript: in a real browser with JavaScript off, a visitor goes from
// the start page to the period by following links, sees the report's content, and the
// first Tab stop is the skip link, which moves focus to the main content.
func TestBrowserWithoutJavaScript(t *testing.T) {
	ctx := browser(t)
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A visitor follows links from the start page; no script runs in the page.
	must(chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`a[href$="/perioder/2021-08"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.indicators")),
	))
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	must(err)
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	must(err)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.indicators tbody tr").length`))
	must(err)
	must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	must(err)
	must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	mainText, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	must(err)
	if !strings.Contains(h1, "Kommunstyrelsen") || !strings.Contains(h1, "31 augusti 2021") {
		t.Errorf("h1 = %q", h1)
	}
	if lang != "sv" {
		t.Errorf("lang = %q", lang)
	}
	if rows != len(demoDataset(t).Indicators) {
		t.Errorf("%d indicator rows in the browser, want %d", rows, len(demoDataset(t).Indicators))
	}
	if focused != "Hoppa till innehållet" {
		t.Errorf("first Tab stop is %q, want the skip link", focused)
	}
	if mainText != "innehall" {
		t.Errorf("after the skip link focus is on %q, want the main content", mainText)
	}
}
