// The indicator explorer's and the economy page's part of the browser
// end-to-end test (tests/web/e2e.mjs calls indicatorSteps after the planning
// pages). The demo's street office account (xinhai_street, street_officer of
// 新海街道) logs in, opens the explorer from the menu at its own unit, clicks
// the Hailian community's row and sees Hailian's figures as the API answers
// them, with a chart and the map of the compounds (circles at their centres,
// no tile fetched from anywhere, or the note that they have no location);
// drills down into a compound by clicking its row. Then a small regional CSV
// is imported through the API (POST /economy/import, text/csv, as the
// planner), and the economy page shows its regions ranked by level with the
// top-N sum the API answers, and both charts. Then, still as the street
// office: the report viewer fills 社区基本情况表 (community_basic) for Hailian
// and the year and shows the cells to enter highlighted, as many as the API
// says, with who enters them on hover; the scorecards page ranks the
// street's communities as the API does; and a value entered through the
// explorer's "Enter a value" dialog shows in its table (the API agrees).

export async function indicatorSteps(ctx) {
  const { page, base, step, check, HAILIAN, office, planner } = ctx;

  await step('log in as the demo street office account', async () => {
    await page.click('[data-testid=logout]');
    await page.waitForURL(/#\/login/);
    await page.fill('[data-testid=login-username]', office.username);
    await page.fill('[data-testid=login-password]', office.password);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=nav-indicators]').waitFor();
    await page.locator('[data-testid=nav-economy]').waitFor();
  });

  const year = new Date().getFullYear();
  await step('open the explorer at the street and drill down into Hailian: its figures are the API\'s', async () => {
    await page.click('[data-testid=nav-indicators]');
    await page.waitForURL(/#\/indicators/);
    await page.locator('[data-testid=ind-table]').waitFor();
    await page.locator(`[data-testid=ind-row-${HAILIAN}]`).click();
    await page.waitForURL(new RegExp(`unit=${HAILIAN}`));
    // The focused column is the first code (residents); Hailian is the scope row now.
    const cell = page.locator(`[data-testid=ind-cell-${HAILIAN}-${year}]`);
    await cell.waitFor();
    const shown = (await cell.innerText()).replace(/[✓✗\s,]/g, '');
    const answer = await page.evaluate(
      async ({ unit, period }) => {
        const res = await fetch(`/api/v1/indicators/table?unit=${unit}&codes=residents&period=${period}&units=scope`);
        return { status: res.status, body: await res.json() };
      },
      { unit: HAILIAN, period: String(year) },
    );
    check(answer.status === 200, `GET /indicators/table: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    const residents = answer.body.rows[0].values.residents;
    check(residents > 1000, `the API counts ${residents} residents in Hailian`);
    check(Number(shown) === residents, `the page shows ${shown} residents, the API ${residents}`);
    check((await page.locator('[data-testid=ind-chart-card] canvas').count()) > 0, 'no chart drawn');
  });

  const compound = await step('the map of Hailian\'s compounds: circles at their centres, no tiles', async () => {
    const requests = [];
    const listener = (request) => requests.push(request.url());
    page.on('request', listener);
    const children = await page.evaluate(async (unit) => (await (await fetch(`/api/v1/units/${unit}/children`)).json()).items, HAILIAN);
    check(children.length > 0, 'Hailian has no compounds');
    const located = children.filter((c) => c.location).length;
    if (located > 0) {
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=ind-map] path.ind-point').length === n, located, {
        timeout: 20_000,
      });
    } else {
      await page.locator('[data-testid=ind-map-note]').waitFor();
    }
    await page.click('[data-testid=ind-chart-bars]');
    await page.waitForURL(/chart=bars/);
    page.off('request', listener);
    const foreign = requests.filter((url) => !url.startsWith(base));
    check(foreign.length === 0, `the explorer fetched from elsewhere: ${foreign.slice(0, 3).join(', ')}`);
    return children[0];
  });

  await step(`drill down into the compound ${compound.name} by clicking its row`, async () => {
    await page.locator(`[data-testid=ind-row-${compound.code}]`).click();
    await page.waitForURL(new RegExp(`unit=${compound.code}`));
    await page.locator(`[data-testid=ind-cell-${compound.code}-${year}]`).waitFor();
    await page.locator('[data-testid=ind-up]').waitFor();
  });

  await step('import a small regional CSV through the API, then see it ranked on the economy page', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: planner.username, password: planner.password }),
    });
    check(login.status === 200, `planner login: HTTP ${login.status}`);
    const { token } = await login.json();
    const csv =
      'region,period,series,value\n' +
      '江苏,2023,gdp,128222\n江苏,2024,gdp,137008\n浙江,2023,gdp,82553\n浙江,2024,gdp,90131\n' +
      '广东,2023,gdp,135673\n广东,2024,gdp,141634\n全国,2023,gdp,1260582\n全国,2024,gdp,1349084\n';
    const imported = await fetch(`${base}/api/v1/economy/import?file=e2e.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: csv,
    });
    check(imported.status === 201, `POST /economy/import: HTTP ${imported.status} ${await imported.text()}`);

    await page.click('[data-testid=nav-economy]');
    await page.waitForURL(/#\/economy/);
    await page.locator('[data-testid=eco-table]').waitFor();
    const regions = await page.locator('[data-testid=eco-table] .el-table__body tr').allInnerTexts();
    check(regions.length === 3, `the economy table lists ${regions.length} regions, want 3`);
    check(regions[0].includes('广东'), `the first by level is not 广东: ${regions[0]}`);
    const answer = await page.evaluate(async () => (await fetch('/api/v1/economy/contribution?series=gdp&period=2024&top=10')).json());
    const sum = (await page.locator('[data-testid=eco-top-sum]').innerText()).trim();
    const want = answer.top.contribution_pct.toFixed(1);
    check(sum.includes(want), `the top-N line reads "${sum}", the API's contribution is ${want}`);
    check((await page.locator('[data-testid=eco-contribution-chart] canvas').count()) > 0, 'no contribution chart');
    check((await page.locator('[data-testid=eco-ranking-chart] canvas').count()) > 0, 'no ranking chart');
  });

  await step('open the reports from the menu, fill 社区基本情况表 for Hailian: the cells to enter are highlighted', async () => {
    await page.click('[data-testid=nav-reports]');
    await page.waitForURL(/#\/reports/);
    await page.locator('[data-testid=rep-template-community_basic]').click();
    await page.waitForURL(/template=community_basic/);
    await page.locator('[data-testid=rep-grid]').waitFor();
    // Hailian rather than the user's street: the address the form writes.
    await page.goto(`${base}/#/reports?template=community_basic&unit=${HAILIAN}&period=${year}`);
    await page.locator('[data-testid=rep-heading]').filter({ hasText: '海连' }).waitFor();
    const answer = await page.evaluate(
      async ({ unit, period }) => {
        const res = await fetch(`/api/v1/reports/community_basic/fill?unit=${unit}&period=${period}`);
        return { status: res.status, body: await res.json() };
      },
      { unit: HAILIAN, period: String(year) },
    );
    check(answer.status === 200, `GET /reports/community_basic/fill: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    const toEnter = answer.body.rows.flatMap((r) => r.cells).filter((c) => c.source === 'to_enter').length;
    check(toEnter > 0, 'the API has no cell to enter in 社区基本情况表 for Hailian');
    const highlighted = page.locator('[data-testid=rep-grid] td[data-kind=to_enter]');
    const shown = await highlighted.count();
    check(shown === toEnter, `the page highlights ${shown} cells, the API has ${toEnter} to enter`);
    await highlighted.first().locator('span').first().hover();
    await page.locator('.el-popper', { hasText: '需填报' }).first().waitFor();
    const share = (await page.locator('[data-testid=rep-share-template]').innerText()).trim();
    const want = `${(answer.body.burden.filled_share * 100).toFixed(1)}%`;
    check(share === want, `the burden reads ${share}, the API's filled share is ${want}`);
    const csv = await page.evaluate(async (href) => (await fetch(href)).headers.get('content-type'), await page.locator('[data-testid=rep-csv]').getAttribute('href'));
    check(csv?.startsWith('text/csv'), `the CSV link answers ${csv}`);
  });

  await step('open the scorecards from the menu: the street\'s communities ranked as the API ranks them', async () => {
    await page.click('[data-testid=nav-scorecards]');
    await page.waitForURL(/#\/scorecards/);
    await page.locator('[data-testid=sc-table]').waitFor();
    const answer = await page.evaluate(async (period) => {
      const cards = (await (await fetch('/api/v1/scorecards')).json()).scorecards;
      const res = await fetch(`/api/v1/scorecards/${cards[0].code}/rank?level=community&period=${period}`);
      return { status: res.status, body: await res.json() };
    }, String(year));
    check(answer.status === 200, `GET /scorecards/.../rank: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    const rows = await page.locator('[data-testid=sc-table] .el-table__body > tbody > tr').allInnerTexts();
    check(answer.body.units.length > 0, 'the API ranks no community');
    check(rows.length === answer.body.units.length, `the page ranks ${rows.length} units, the API ${answer.body.units.length}`);
    check(rows[0].includes(answer.body.units[0].name), `the first row is not ${answer.body.units[0].name}: ${rows[0]}`);
  });

  await step('enter a value through the explorer\'s dialog: it shows in the table, and the API agrees', async () => {
    await page.goto(`${base}/#/indicators?unit=${HAILIAN}&codes=residents&year=${year}&grain=year&units=scope`);
    await page.locator(`[data-testid=ind-cell-${HAILIAN}-${year}]`).waitFor();
    await page.click('[data-testid=ind-enter]');
    await page.click('[data-testid=entry-element]');
    await page.locator('.el-select-dropdown__item', { hasText: '(elderly_care_floor_m2)' }).click();
    await page.fill('[data-testid=entry-value]', '1234');
    await page.click('[data-testid=entry-save]');
    await page.waitForURL(/focus=elderly_care_floor_m2/);
    const cell = page.locator(`[data-testid=ind-cell-${HAILIAN}-${year}]`);
    await page.waitForFunction(
      (sel) => Number(document.querySelector(sel)?.textContent?.replace(/[✓✗\s,]/g, '')) === 1234,
      `[data-testid=ind-cell-${HAILIAN}-${year}]`,
      { timeout: 10_000 },
    ).catch(async () => check(false, `the cell reads ${await cell.innerText()}, want 1234`));
    const answer = await page.evaluate(
      async ({ unit, period }) => (await (await fetch(`/api/v1/indicators/table?unit=${unit}&codes=elderly_care_floor_m2&period=${period}&units=scope`)).json()),
      { unit: HAILIAN, period: String(year) },
    );
    check(answer.rows[0].values.elderly_care_floor_m2 === 1234, `the API holds ${answer.rows[0].values.elderly_care_floor_m2}, want 1234`);
  });
}
