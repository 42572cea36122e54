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
	return browserWithin(t, 60*time.Second)
}

// browserWithin is browser for a test that may take up to the given time.
func browserWithin(t *testing.T, limit time.Duration) context.Context {
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
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
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

// TestKeyboardOnly: in a real browser with JavaScript off, using only the keyboard, a
// reporter signs in, enters an indicator value that is wrong, is taken to the error,
// corrects it, saves, and finds the new value in the report.
func TestKeyboardOnly(t *testing.T) {
	ctx := browser(t)
	db := storetest.Open(t, store.SQLite)
	ds := demoDataset(t)
	srv := site(t, db, ds)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	active := func() string {
		t.Helper()
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.textContent.trim()`))
		must(err)
		return id
	}
	// tabTo presses Tab until the element with the id has focus.
	tabTo := func(id string) {
		t.Helper()
		for range 60 {
			if active() == id {
				return
			}
			must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
		}
		t.Fatalf("Tab never reached #%s", id)
	}
	typeText := func(s string) {
		t.Helper()
		// Select what the field holds and type over it.
		must(chromedp.Do(ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)), chromedp.KeyEvent(kb.Delete), chromedp.KeyEvent(s)))
	}

	// The start page sends a visitor to the sign-in page; the skip link is the first stop.
	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("namn"))))
	must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	if got := active(); got != "Hoppa till innehållet" {
		t.Errorf("first Tab stop is %q, want the skip link", got)
	}
	tabTo("namn")
	typeText("rapportor")
	tabTo("losenord")
	typeText("demo")
	must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("h1"))))
	signedIn, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".signed-in")))
	must(err)
	if !strings.Contains(signedIn, "rapportor") {
		t.Fatalf("not signed in: %q", signedIn)
	}

	// The form of Sjukfrånvaro 2021: a wrong value first.
	form := srv.URL + "/kommuner/0126/enheter/ks/perioder/2021-08/redigera/indikator/sjukfranvaro/2021"
	must(chromedp.Do(ctx, chromedp.Navigate(form), chromedp.WaitVisible(chromedp.ID("varde"))))
	tabTo("varde")
	typeText("åtta komma nio")
	must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".error-summary"))))
	// autofocus is applied once the page has loaded; give it a moment.
	var focused string
	for range 40 {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
		must(err)
		if focused = got; focused == "error-summary" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if focused != "error-summary" {
		t.Errorf("after the error, focus is on %q, want the error summary", focused)
	}
	summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".error-summary")))
	must(err)
	if !strings.Contains(summary, "Värdet måste vara ett tal") {
		t.Errorf("error summary %q", summary)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("varde").value`)); v != "åtta komma nio" {
		t.Errorf("what was typed is lost: %q", v)
	}
	// The error links to its field; correct it.
	tabTo("varde")
	typeText("8,7")
	must(chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".saved"))))

	// The report shows the new value.
	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/rapport"), chromedp.WaitVisible(chromedp.CSS("h1"))))
	cell, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#indikator-sjukfranvaro td[data-col="2021"]`)))
	must(err)
	if !strings.HasPrefix(strings.TrimSpace(cell), "8,7") {
		t.Errorf("the report shows %q for 2021, want 8,7", cell)
	}
}
