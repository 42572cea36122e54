// axe.mjs checks pages against the WCAG 2.1 A and AA rules of axe-core in headless
// Chromium, for web/axe_test.go.
//
//   node axe.mjs --chromium /usr/bin/chromium URL...
//
// Every URL (http://, https:// or file://) is opened in one browser, axe-core is injected
// into it and run, and one JSON document goes to stdout:
//
//   [{"url": "...", "violations": [{"id", "impact", "help",
//     "nodes": [{"target": ["css selector", ...], "html", "failureSummary"}]}]}]
//
// A node's target is axe's selector path, each part a string (parts inside shadow DOM or
// frames joined with " >>> "). The exit code is 0 whenever every page was checked, with or
// without violations: the caller judges them. It is non-zero only when the check itself
// failed (bad arguments, the browser did not start, a page did not load, axe threw), with
// the reason on stderr.
//
// The browser is the given Chromium binary (Debian's); playwright-core never downloads one.
// Pages run with JavaScript on, as axe needs it to be injected; the site itself ships none.
// The page's Content-Security-Policy is bypassed for the same reason: it allows no scripts,
// and axe is added as a script tag.

import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGE_TIMEOUT_MS = 30_000;

const usage = 'usage: node axe.mjs --chromium PATH [--cookie NAME=VALUE] URL...';

function parseArgs(argv) {
  let chromiumPath = '';
  const urls = [];
  const cookies = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--chromium') {
      chromiumPath = argv[++i] ?? '';
    } else if (a.startsWith('--chromium=')) {
      chromiumPath = a.slice('--chromium='.length);
    } else if (a === '--cookie') {
      const c = argv[++i] ?? '';
      const eq = c.indexOf('=');
      if (eq <= 0) throw new Error(`--cookie needs NAME=VALUE\n${usage}`);
      cookies.push({ name: c.slice(0, eq), value: c.slice(eq + 1) });
    } else if (a.startsWith('-')) {
      throw new Error(`unknown option ${a}\n${usage}`);
    } else {
      let u;
      try {
        u = new URL(a);
      } catch {
        throw new Error(`not a URL: ${a}`);
      }
      if (!['http:', 'https:', 'file:'].includes(u.protocol)) {
        throw new Error(`not an http:// or file:// URL: ${a}`);
      }
      urls.push(a);
    }
  }
  if (!chromiumPath) throw new Error(`--chromium PATH is missing\n${usage}`);
  if (urls.length === 0) throw new Error(`no URL given\n${usage}`);
  return { chromiumPath, urls, cookies };
}

const targetPart = (t) => (Array.isArray(t) ? t.map(targetPart).join(' >>> ') : String(t));

async function check(context, axePath, url) {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const resp = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    if (!resp && !url.startsWith('file:')) throw new Error(`${url}: no response`);
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    return {
      url,
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(targetPart),
          html: n.html,
          failureSummary: n.failureSummary ?? '',
        })),
      })),
    };
  } catch (err) {
    throw new Error(`${url}: ${err?.message ?? err}`);
  } finally {
    await page.close().catch(() => {});
  }
}

async function main() {
  const { chromiumPath, urls, cookies } = parseArgs(process.argv.slice(2));
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true });
    // A session cookie for the signed-in pages, on every http URL's host.
    for (const origin of new Set(urls.filter((u) => u.startsWith('http')).map((u) => new URL(u).origin))) {
      if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: origin })));
    }
    const out = [];
    for (const url of urls) out.push(await check(context, axePath, url));
    await context.close();
    return out;
  } finally {
    await browser.close().catch(() => {});
  }
}

try {
  const out = await main();
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  process.exitCode = 0;
} catch (err) {
  process.stderr.write(`axe.mjs: ${err?.message ?? err}\n`);
  process.exitCode = 1;
}
