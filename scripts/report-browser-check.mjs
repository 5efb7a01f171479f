// Opens HTML reports in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// measures how long each takes to open and to redraw after zooming and panning, fails on any
// script error, and takes screenshots: a small and a large window, with the first violation
// selected (when there is one).
//   node scripts/report-browser-check.mjs OUT_DIR REPORT.html [REPORT.html ...]
// Prints one line per report: name, size, open time, redraw times. Exit 1 if a page broke.
import { createRequire } from 'node:module';
import { statSync, mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';

const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require(process.env.KVS_PLAYWRIGHT || 'playwright-core'));
} catch (e) {
  console.error('playwright-core is missing: run scripts/check-report-in-browser (it installs it), or set KVS_PLAYWRIGHT');
  process.exit(64);
}
const [outDir, ...reports] = process.argv.slice(2);
if (!outDir || reports.length === 0) {
  console.error('usage: node scripts/report-browser-check.mjs OUT_DIR REPORT.html [REPORT.html ...]');
  process.exit(64);
}
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let broken = 0;
for (const report of reports) {
  const name = basename(report, '.html');
  const mb = (statSync(report).size / 1e6).toFixed(1);
  for (const [label, viewport] of [['small', { width: 900, height: 700 }], ['large', { width: 1600, height: 1000 }]]) {
    const page = await browser.newPage({ viewport });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    const t = Date.now();
    await page.goto('file://' + resolve(report), { waitUntil: 'load', timeout: 180000 });
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 180000 });
    const openMs = Date.now() - t;
    const timings = await page.evaluate(() => window.kvsReport.timings);
    // Responsiveness: the time from a zoom, a pan or a scroll to the next painted frame.
    const redraw = await page.evaluate(async () => {
      const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const times = {};
      const measure = async (what, action) => {
        const t0 = performance.now();
        action();
        await frame();
        times[what] = Math.round(performance.now() - t0);
      };
      const k = window.kvsReport;
      await measure('fitAll', () => k.fitAll());
      await measure('zoomIn', () => k.zoom(0.25));
      await measure('pan', () => k.pan(0.5));
      await measure('scroll', () => { const s = document.getElementById('tl-scroll'); s.scrollTop = s.scrollHeight / 2; });
      await measure('select', () => k.select(document.querySelectorAll('article.v').length ? 0 : -1, false));
      return times;
    });
    // Interaction: Ctrl + wheel zooms, clicking a violation pins its lanes and zooms to it.
    await page.evaluate(() => document.getElementById('timeline').scrollIntoView({ block: 'start' }));
    const box = await page.locator('#tl-canvas').boundingBox();
    const before = await page.evaluate(() => window.kvsReport.state());
    await page.mouse.move(box.x + box.width * 0.6, box.y + 80);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await page.waitForTimeout(50);
    const after = await page.evaluate(() => window.kvsReport.state());
    const zoomable = before.t1 - before.t0 > 2 * before.minSpan; // an empty history has nothing to zoom into
    if (zoomable && !(after.t1 - after.t0 < (before.t1 - before.t0) * 0.9)) errors.push('Ctrl + wheel did not zoom in');
    const cards = await page.$$('article.v');
    if (cards.length) {
      const last = cards.length - 1;
      await cards[last].scrollIntoViewIfNeeded();
      await cards[last].click({ position: { x: 20, y: 10 } });
      const chosen = await page.evaluate(() => window.kvsReport.state());
      const wanted = await page.evaluate(i => JSON.parse(document.getElementById('kvs-data').textContent).violations[i].lanes, last);
      if (chosen.selected !== last || JSON.stringify(chosen.pinned) !== JSON.stringify(wanted)) {
        errors.push(`clicking violation ${last + 1} did not pin its lanes (${JSON.stringify(chosen.pinned)})`);
      }
    }
    // The picture: the first violation selected (its lanes pinned, zoomed to it), or the whole history.
    const state = await page.evaluate(() => {
      const k = window.kvsReport;
      document.getElementById('tl-scroll').scrollTop = 0;
      if (document.querySelectorAll('article.v').length) k.select(0, false); else { k.select(-1, false); k.fitAll(); }
      window.scrollTo(0, 0);
      return k.state();
    });
    await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `${outDir}/${name}-${label}.png` });
    if (label === 'large') {
      await (await page.$('#timeline')).screenshot({ path: `${outDir}/${name}-timeline.png` });
      const card = await page.$('article.v');
      if (card) {
        await card.scrollIntoViewIfNeeded();
        await card.screenshot({ path: `${outDir}/${name}-violation.png` });
      }
      const plots = await page.$('#plots:not([hidden])');
      if (plots) await plots.screenshot({ path: `${outDir}/${name}-plots.png` });
    }
    console.log(`${name} ${label} ${viewport.width}x${viewport.height}: ${mb} MB, opened in ${openMs} ms ` +
      `(script from ${timings.scriptStartMs} ms: parse ${timings.parseMs} ms, index ${timings.indexMs} ms, ready at ${timings.readyMs} ms); ` +
      `redraw ms ${JSON.stringify(redraw)}; pinned lanes ${JSON.stringify(state.pinned)}` +
      (errors.length ? `; ERRORS: ${errors.join(' | ')}` : ''));
    if (errors.length) broken++;
    await page.close();
  }
}
await browser.close();
process.exit(broken ? 1 : 0);
