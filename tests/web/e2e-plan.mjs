// The planning pages' part of the browser end-to-end test (tests/web/e2e.mjs
// calls planSteps after the service pages, while the 星化 worker is logged
// in). The 星化 worker is refused Hailian's run (403); then the Hailian
// planner logs in, opens the planning page from the menu, runs nursery at 5
// minutes on the demo's street grid and sees the covered share the API
// answers; asks for 2 new sites and sees the figures before and after; opens
// the map from the page's link and sees Leaflet's vector paths drawn
// (streets, homes, facilities, the proposed sites) with no tile fetched from
// anywhere; and a click on a facility draws its catchment.

export async function planSteps(ctx) {
  const { page, base, step, check, HAILIAN, planner } = ctx;

  await step('the 星化 worker is refused the Hailian planning run', async () => {
    const status = await page.evaluate(
      async (unit) => (await fetch(`/api/v1/plan/run?type=nursery&unit=${unit}`)).status,
      HAILIAN,
    );
    check(status === 403, `GET /plan/run?unit=${HAILIAN} as 星化: HTTP ${status}, want 403`);
  });

  await step('log in as the Hailian planner', async () => {
    await page.click('[data-testid=logout]');
    await page.waitForURL(/#\/login/);
    await page.fill('[data-testid=login-username]', planner.username);
    await page.fill('[data-testid=login-password]', planner.password);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=nav-plan]').waitFor();
  });

  const covered = await step('run nursery at 5 minutes on the planning page and see the covered share', async () => {
    await page.click('[data-testid=nav-plan]');
    await page.waitForURL(/#\/plan/);
    await page.locator('[data-testid=plan-form]').waitFor();
    await page.fill('[data-testid=plan-minutes] input', '5');
    await page.click('[data-testid=plan-run]');
    await page.waitForURL(/minutes=5/);
    const card = page.locator('[data-testid=plan-covered] .stat-value');
    await card.waitFor();
    const shown = (await card.innerText()).trim();
    check(/^\d+(\.\d)?%$/.test(shown), `the covered share shows "${shown}"`);
    const answer = await page.evaluate(async () => {
      const res = await fetch('/api/v1/plan/run?type=nursery&minutes=5');
      return { status: res.status, body: await res.json() };
    });
    check(answer.status === 200, `GET /plan/run: HTTP ${answer.status}`);
    const want = `${(answer.body.covered * 100).toFixed(1)}%`;
    check(shown === want, `the page shows ${shown} covered, the API ${want}`);
    check(answer.body.residents > 1000, `the demo run counts ${answer.body.residents} residents`);
    return shown;
  });

  await step('propose 2 new sites: the figures before and after, as a chart and as text', async () => {
    await page.fill('[data-testid=plan-sites] input', '2');
    await page.click('[data-testid=plan-run]');
    await page.waitForURL(/sites=2/);
    await page.locator('[data-testid=plan-proposal]').waitFor();
    const text = (await page.locator('[data-testid=plan-compared-covered]').innerText()).trim();
    const shares = text.match(/\d+(\.\d)?%/g) ?? [];
    check(shares.length === 2, `the before/after line reads "${text}"`);
    check(shares[0] === covered, `before is ${shares[0]}, the run without sites said ${covered}`);
    check(parseFloat(shares[1]) >= parseFloat(shares[0]), `after (${shares[1]}) is below before (${shares[0]})`);
    check((await page.locator('[data-testid=plan-proposal] canvas').count()) > 0, 'no chart drawn');
    check((await page.locator('[data-testid=plan-proposed-sites] .el-table__body tr').count()) === 2, 'not 2 proposed sites listed');
  });

  await step(`open the map (${covered} covered) and see the network, homes, facilities and proposed sites drawn`, async () => {
    const requests = [];
    const listener = (request) => requests.push(request.url());
    page.on('request', listener);
    await page.click('[data-testid=plan-map-link]');
    await page.waitForURL(/#\/plan\/map/);
    await page.locator('[data-testid=plan-map]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length > 100, null, {
      timeout: 20_000,
    });
    const counts = await page.evaluate(() => ({
      paths: document.querySelectorAll('.leaflet-overlay-pane path').length,
      facilities: document.querySelectorAll('.leaflet-overlay-pane path.plan-facility').length,
      proposed: document.querySelectorAll('.leaflet-overlay-pane path.plan-proposed').length,
      tiles: document.querySelectorAll('.leaflet-tile-pane img').length,
    }));
    check(counts.facilities > 0, 'no facility drawn on the map');
    check(counts.proposed === 2, `${counts.proposed} proposed sites drawn, want 2`);
    check(counts.tiles === 0, `${counts.tiles} map tiles shown: the map must draw Alley's data only`);
    const outside = requests.filter((url) => !url.startsWith(base));
    check(outside.length === 0, `the map asked outside Alley: ${outside.slice(0, 3).join(', ')}`);
    await page.locator('[data-testid=map-legend]').waitFor();
    // The view settles (fitted, its streets loaded) before the click: Leaflet
    // drops a click while the map moves.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const before = await page.evaluate(() => document.querySelectorAll('.leaflet-overlay-pane path').length);
    // A facility inside the view (the run loads the county's facilities, some
    // beyond the unit's homes).
    const visible = await page.evaluate(() => {
      const frame = document.querySelector('[data-testid=plan-map]').getBoundingClientRect();
      return [...document.querySelectorAll('.leaflet-overlay-pane path.plan-facility')].findIndex((p) => {
        const b = p.getBoundingClientRect();
        return b.width > 0 && b.left >= frame.left && b.right <= frame.right && b.top >= frame.top && b.bottom <= frame.bottom;
      });
    });
    check(visible >= 0, 'no facility inside the map\'s view');
    await page.locator('.leaflet-overlay-pane path.plan-facility').nth(visible).click({ force: true });
    await page.waitForFunction((n) => document.querySelectorAll('.leaflet-overlay-pane path').length > n, before, {
      timeout: 20_000,
    });
    page.off('request', listener);
  });
}
