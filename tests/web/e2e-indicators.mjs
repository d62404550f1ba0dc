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
// top-N sum the API answers, and both charts.

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
}
