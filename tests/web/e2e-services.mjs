// The service pages' part of the browser end-to-end test (tests/web/e2e.mjs
// calls serviceSteps with its page and helpers, logged in as the Hailian
// worker). For each area the script first gives the Hailian demo what the
// page should show through the API (the demo itself has no service
// activity), then the worker opens the area from the menu, sees those real
// figures, makes one write through the page and the API confirms it; a unit
// outside Hailian (星化, 320706006009) asked for in each area's page is
// refused (403 in the page's alert and from the API). Last it logs in as the
// 星化 worker, who finds neither Hailian's canteen nor its orders.

// Today in China Standard Time (UTC+8), as the server reckons it.
function todayInChina() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// YYYY-MM-DD `n` days before `day`.
function daysBefore(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

export async function serviceSteps(ctx) {
  const { page, base, token, step, check, apiCall, HAILIAN, XINGHUA, xinghua } = ctx;
  const today = todayInChina();
  const api = async (method, route, body, want) => {
    const res = await apiCall(base, token, method, route, body);
    if (want !== undefined) {
      check(res.status === want, `${method} ${route}: HTTP ${res.status} ${JSON.stringify(res.body)}, want ${want}`);
    }
    return res;
  };
  // The figure shown in a card (data-testid=fig-KEY / the card's value).
  const cardValue = async (testid) =>
    (await page.locator(`[data-testid=${testid}] .stat-value`).innerText()).trim();
  // Opens a page from its menu group.
  const openFromMenu = async (group, item) => {
    const entry = page.locator(`[data-testid=${item}]`);
    if (!(await entry.isVisible())) await page.click(`[data-testid=${group}] > .el-sub-menu__title`);
    await entry.click();
  };
  // "¥41,100.50" → 41100.5
  const money = (text) => Number(text.replace(/[¥,\s]/g, '').replace('−', '-'));

  // ---- Elderly care: canteen finances ----

  const canteen = await step('give the Hailian canteen diner groups and two days of meals (API)', async () => {
    const list = await api('GET', '/facilities?type=senior_canteen', undefined, 200);
    const facility = list.body.items[0];
    check(facility, 'the Hailian demo has no senior canteen');
    const from = `${today.slice(0, 8)}01`;
    await api('PUT', `/canteens/${facility.id}/groups/elderly_60`, {
      name: '60岁以上', price: 12, eligible_elderly: true,
      subsidies: [{ payer: '区民政局', per_meal: 3 }], valid_from: from,
    }, 200);
    await api('PUT', `/canteens/${facility.id}/groups/public`, { name: '其他居民', price: 15, valid_from: from }, 200);
    await api('POST', `/canteens/${facility.id}/costs`, { kind: 'food_per_meal', amount: 9, date: from }, 201);
    await api('POST', `/canteens/${facility.id}/costs`, { kind: 'staff', amount: 12000, date: from }, 201);
    const days = today === from ? [today] : [from, today];
    for (const date of days) {
      await api('POST', `/canteens/${facility.id}/meals`, {
        date, counts: [{ group: 'elderly_60', meals: 60 }, { group: 'public', meals: 20 }],
      }, 201);
    }
    const report = await api('GET', `/canteens/${facility.id}/report?from=${from}&to=${today}`, undefined, 200);
    // The demo's year has its own costs (a month's rent among them): what this
    // test adds is measured against them.
    return { id: facility.id, from, meals: report.body.meals, cost: report.body.cost, rent: report.body.costs.rent ?? 0 };
  });

  await step('open the canteen finances from the menu and see the meals, cost and break-even', async () => {
    await openFromMenu('nav-group-elderly', 'nav-canteens');
    await page.locator('[data-testid=canteen-report]').waitFor();
    await page.locator('[data-testid=fig-meals] .stat-value').filter({ hasText: String(canteen.meals) }).waitFor();
    const cost = money(await cardValue('fig-cost'));
    check(cost === canteen.cost, `the page shows cost ${cost}, the API ${canteen.cost}`);
    const breakEven = await cardValue('fig-break_even_meals_per_day');
    check(/^\d/.test(breakEven), `break-even meals per day shows "${breakEven}"`);
    const dependency = await cardValue('fig-subsidy_dependency');
    check(dependency.endsWith('%'), `subsidy dependency shows "${dependency}"`);
    await page.locator('[data-testid=daily-total]').filter({ hasText: String(canteen.meals) }).waitFor();
  });

  await step('record a rent of 3,000 yuan through the page: the cost goes up by 3,000', async () => {
    await page.click('[data-testid=canteen-record-cost]');
    const form = page.locator('[data-testid=cost-form]');
    await form.waitFor();
    await form.locator('[data-testid=cost-kind]').click();
    await page.locator('[data-testid=cost-kind-rent]').click();
    await form.locator('[data-testid=cost-amount]').fill('3000');
    await form.locator('[data-testid=cost-note]').fill('E2E 房租');
    await form.locator('[data-testid=cost-submit]').click();
    await form.waitFor({ state: 'hidden' });
    const want = Math.round((canteen.cost + 3000) * 100) / 100;
    await page
      .locator('[data-testid=fig-cost] .stat-value')
      .filter({ hasText: want.toLocaleString('en-US', { minimumFractionDigits: 2 }) })
      .waitFor();
    const report = await api('GET', `/canteens/${canteen.id}/report?from=${canteen.from}&to=${today}`, undefined, 200);
    const cents = (yuan) => Math.round(yuan * 100);
    check(
      cents(report.body.cost) === cents(want) && cents(report.body.costs.rent) === cents(canteen.rent + 3000),
      `the API report has ${JSON.stringify(report.body.costs)}, rent ${canteen.rent} before`,
    );
  });

  // ---- Elderly care: visits ----

  await step('open the visits, see who is overdue per grid worker, and record a visit through the page', async () => {
    const before = await api('GET', '/visits/overdue', undefined, 200);
    check(before.body.overdue > 0, `nobody is overdue in the demo: ${JSON.stringify(before.body).slice(0, 200)}`);
    const first = before.body.groups[0].overdue[0];
    await openFromMenu('nav-group-elderly', 'nav-visits');
    await page.locator('[data-testid=visits-overdue] .stat-value').filter({ hasText: String(before.body.overdue) }).waitFor();
    await page.click(`[data-testid=visit-record-${first.resident_id}]`);
    const form = page.locator('[data-testid=visit-form]');
    await form.waitFor();
    check((await form.locator('[data-testid=visit-resident]').innerText()).includes(first.name), 'the form does not name the resident');
    await form.locator('[data-testid=visit-notes]').fill('E2E 探访：身体良好');
    await form.locator('[data-testid=visit-submit]').click();
    await form.waitFor({ state: 'hidden' });
    await page.locator(`[data-testid=recent-visit-${first.resident_id}]`).waitFor();
    await page.locator('[data-testid=visits-overdue] .stat-value').filter({ hasText: String(before.body.overdue - 1) }).waitFor();
    check((await page.locator(`[data-testid=visit-record-${first.resident_id}]`).count()) === 0, 'the visited person is still listed overdue');
    const visits = await api('GET', `/visits?resident=${first.resident_id}`, undefined, 200);
    check(visits.body.items.some((v) => v.date === today && v.notes === 'E2E 探访：身体良好'), `the API lists ${JSON.stringify(visits.body.items)}`);
  });

  // ---- Home services: orders, caregivers, volunteers ----

  const care = await step('register a caregiver and a volunteer in Hailian (API)', async () => {
    const week = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, start: '06:00', end: '22:00' }));
    const since = daysBefore(today, 30);
    const caregiver = await api('POST', '/caregivers', {
      unit: HAILIAN, name: 'E2E护理员', occupation: 'elder_care_worker', availability: week,
      lat: 34.6, lon: 119.17, registered_on: since,
      certifications: [{ occupation: 'elder_care_worker', level: 4, number: 'E2E-1', issued: since, expires: '2099-12-31' }],
    }, 201);
    const adults = await api('GET', '/residents?age_band=15-59&page_size=1&sort=id', undefined, 200);
    const adult = adults.body.items[0];
    const volunteer = await api('POST', '/volunteers', {
      resident: adult.id, skills: ['cleaning', 'companionship'], availability: week, registered_on: since,
    }, 201);
    const elders = await api('GET', '/residents?age_band=80%2B&page_size=1&sort=-id', undefined, 200);
    return { caregiver: caregiver.body, volunteer: volunteer.body, elder: elders.body.items[0] };
  });

  const orderId = await step('request a cleaning order through the page and see who fits, with distances', async () => {
    await openFromMenu('nav-group-home', 'nav-orders');
    await page.locator('[data-testid=orders-table]').waitFor();
    await page.click('[data-testid=order-create]');
    const form = page.locator('[data-testid=order-form]');
    await form.waitFor();
    await form.locator('[data-testid=order-resident]').click();
    await page.keyboard.type(care.elder.name);
    await page.locator(`[data-testid=resident-option-${care.elder.id}]`).click();
    await form.locator('[data-testid=order-start]').fill('09:00');
    await form.locator('[data-testid=order-end]').fill('10:00');
    await form.locator('[data-testid=order-submit]').click();
    await page.waitForURL(/#\/orders\/\d+$/);
    const id = Number(page.url().split('/').pop());
    await page.locator('[data-testid=order-state]').filter({ hasText: '待派单' }).waitFor();
    const volunteerRow = page.locator(`[data-testid=candidate-${care.volunteer.id}]`);
    await volunteerRow.waitFor();
    await page.locator(`[data-testid=candidate-${care.caregiver.id}]`).waitFor();
    const table = await page.locator('[data-testid=candidates]').innerText();
    check(/\d+ 米/.test(table), `the candidates show no distance: ${table}`);
    return id;
  });

  await step('assign the volunteer, start, finish and rate the order through the page', async () => {
    await page.click(`[data-testid=assign-${care.volunteer.id}]`);
    await page.locator('[data-testid=order-state]').filter({ hasText: '已派单' }).waitFor();
    await page.click('[data-testid=order-start]');
    await page.locator('[data-testid=order-state]').filter({ hasText: '服务中' }).waitFor();
    await page.click('[data-testid=order-finish]');
    await page.locator('[data-testid=order-state]').filter({ hasText: '已完成' }).waitFor();
    await page.locator('[data-testid=order-earned]').waitFor();
    await page.click('[data-testid=order-rate]');
    await page.locator('[data-testid=order-state]').filter({ hasText: '已评价' }).waitFor();
    const got = await api('GET', `/orders/${orderId}`, undefined, 200);
    check(
      got.body.state === 'rated' && got.body.stars === 5 && got.body.provider?.id === care.volunteer.id && got.body.earn_transaction,
      `the API has the order ${JSON.stringify(got.body).slice(0, 300)}`,
    );
    check(got.body.events.map((e) => e.event).join(',') === 'request,assign,start,finish,rate', `events ${JSON.stringify(got.body.events)}`);
  });

  await step('the caregivers and volunteers lists show them, the volunteer with the hour earned', async () => {
    // The demo's year has its own caregivers and volunteers: find ours by name.
    const findProvider = async (name) => {
      await page.fill('[data-testid=providers-q]', name);
      await page.press('[data-testid=providers-q]', 'Enter');
    };
    await openFromMenu('nav-group-home', 'nav-caregivers');
    await findProvider('E2E护理员');
    await page.locator(`[data-testid=provider-${care.caregiver.id}]`).filter({ hasText: 'E2E护理员' }).waitFor();
    await openFromMenu('nav-group-home', 'nav-volunteers');
    await findProvider(care.volunteer.name);
    await page.locator(`[data-testid=provider-${care.volunteer.id}]`).waitFor();
    await page.locator(`[data-testid=provider-hours-${care.volunteer.id}]`).filter({ hasText: /^1$/ }).waitFor();
    // The demo's orders run a week ahead: ours is found by its number.
    await page.goto(`${base}/#/orders/${orderId}`);
    await page.locator('[data-testid=order-state]').filter({ hasText: '已评价' }).waitFor();
  });

  // ---- Time bank ----

  await step('open the time bank: the volunteer holds the hour earned, and the total is 0', async () => {
    const account = care.volunteer.timebank_account;
    check(account, `the volunteer has no time-bank account: ${JSON.stringify(care.volunteer)}`);
    await openFromMenu('nav-group-timebank', 'nav-timebank');
    await page.locator(`[data-testid=account-hours-${account}]`).filter({ hasText: /^1$/ }).waitFor();
    check((await cardValue('timebank-total')) === '0', `the total shows ${await cardValue('timebank-total')}`);
    const api1 = await api('GET', '/timebank/balances', undefined, 200);
    check(api1.body.total_minutes === 0, `the API total is ${api1.body.total_minutes} minutes`);
  });

  await step('transfer half an hour to an elderly parent through the page: both balances move, the total stays 0', async () => {
    const account = care.volunteer.timebank_account;
    await page.click(`[data-testid=transfer-${account}]`);
    const form = page.locator('[data-testid=timebank-form]');
    await form.waitFor();
    await form.locator('[data-testid=timebank-to]').click();
    await page.keyboard.type(care.elder.name);
    await page.locator(`[data-testid=resident-option-${care.elder.id}]`).click();
    await form.locator('[data-testid=timebank-relation]').click();
    await page.locator('[data-testid=relation-parent]').click();
    await form.locator('[data-testid=timebank-hours]').fill('0.5');
    await form.locator('[data-testid=timebank-memo]').fill('E2E 转赠');
    await form.locator('[data-testid=timebank-submit]').click();
    await form.waitFor({ state: 'hidden' });
    await page.locator(`[data-testid=account-hours-${account}]`).filter({ hasText: /^0\.5$/ }).waitFor();
    const got = await api('GET', '/timebank/balances', undefined, 200);
    const receiver = got.body.accounts.find((a) => a.resident_id === care.elder.id);
    check(receiver && receiver.minutes === 30, `the receiver's account: ${JSON.stringify(receiver)}`);
    check(got.body.total_minutes === 0, `the API total is ${got.body.total_minutes} minutes`);
    await page.locator(`[data-testid=account-hours-${receiver.id}]`).filter({ hasText: /^0\.5$/ }).waitFor();
    check((await cardValue('timebank-total')) === '0', 'the total is no longer 0');
  });

  await step("the volunteer's statement: earned 1, transferred 0.5, closing 0.5", async () => {
    const account = care.volunteer.timebank_account;
    await page.click(`[data-testid=account-link-${account}]`);
    await page.locator('[data-testid=statement-closing] .stat-value').filter({ hasText: /^0\.5$/ }).waitFor();
    const text = await page.locator('[data-testid=statement-entries]').innerText();
    check(text.includes('服务获得') && text.includes('+1') && text.includes('转赠') && text.includes('-0.5'), `the entries: ${text}`);
  });

  // ---- Childcare ----

  const nursery = await step('give the Hailian nursery two classes, six toddlers for one caregiver and an inspection left unremedied (API)', async () => {
    const list = await api('GET', '/facilities?type=nursery', undefined, 200);
    const facility = list.body.items[0];
    check(facility, 'the Hailian demo has no nursery');
    const opened = daysBefore(today, 60);
    const younger = await api('POST', `/nurseries/${facility.id}/classes`, {
      name: 'E2E托小班', type: 'younger', capacity: 10, caregivers: 1, opened_on: opened,
    }, 201);
    const infant = await api('POST', `/nurseries/${facility.id}/classes`, {
      name: 'E2E乳儿班', type: 'infant', capacity: 3, caregivers: 1, opened_on: opened,
    }, 201);
    // The demo's year has enrolled children and a waiting list of its own:
    // this test takes children with no open application.
    const applied = new Set();
    for (let pageNo = 1; ; ++pageNo) {
      const got = await api('GET', `/nurseries/${facility.id}/enrolments?page=${pageNo}&page_size=100`, undefined, 200);
      for (const a of got.body.items) {
        if (a.state === 'enrolled' || a.state === 'waiting') applied.add(a.child.id);
      }
      if (pageNo * 100 >= got.body.total) break;
    }
    const ones = await api('GET', '/residents?min_age=1&max_age=1&page_size=200&sort=id', undefined, 200);
    const toddlers = ones.body.items.filter((r) => !applied.has(r.id)).slice(0, 6);
    check(toddlers.length === 6, `only ${toddlers.length} Hailian residents aged 1 without a nursery place`);
    for (const child of toddlers) {
      await api('POST', `/nurseries/${facility.id}/enrolments`, { class_id: younger.body.id, resident_id: child.id }, 201);
    }
    await api('POST', `/nurseries/${facility.id}/inspections`, {
      date: daysBefore(today, 40), inspector: 'E2E 区卫健委',
      items: [{ item: '消防设施', score: 85 }, { item: '膳食管理', score: 50 }],
      findings: ['膳食记录不全'], remedy_deadline: daysBefore(today, 10),
    }, 201);
    const babies = await api('GET', '/residents?max_age=0&page_size=200&sort=birth_date', undefined, 200);
    const baby = babies.body.items.find((r) => r.birth_date <= daysBefore(today, 200) && !applied.has(r.id));
    check(baby, 'no Hailian baby of 7 to 11 months');
    return { id: facility.id, younger: younger.body.id, infant: infant.body.id, baby };
  });

  await step('open the nurseries: six toddlers for one caregiver are flagged against the 1:5 ratio', async () => {
    await openFromMenu('nav-group-childcare', 'nav-nurseries');
    await page.locator(`[data-testid=class-enrolled-${nursery.younger}]`).filter({ hasText: /^6$/ }).waitFor();
    const caregivers = (await page.locator(`[data-testid=class-caregivers-${nursery.younger}]`).innerText()).trim();
    check(caregivers === '1 / 2', `the class's caregivers show "${caregivers}", want "1 / 2"`);
    await page.locator(`[data-testid=class-finding-${nursery.younger}-ratio_breach]`).waitFor();
  });

  await step('apply for an infant place through the page: the baby is enrolled', async () => {
    await page.click('[data-testid=nursery-apply]');
    const form = page.locator('[data-testid=apply-form]');
    await form.waitFor();
    await form.locator('[data-testid=apply-class]').click();
    await page.locator(`[data-testid=apply-class-${nursery.infant}]`).click();
    await form.locator('[data-testid=apply-child]').click();
    await page.keyboard.type(nursery.baby.name);
    await page.locator(`[data-testid=resident-option-${nursery.baby.id}]`).click();
    await form.locator('[data-testid=apply-submit]').click();
    await form.waitFor({ state: 'hidden' });
    await page.locator(`[data-testid=application-state-${nursery.baby.id}]`).filter({ hasText: '在托' }).waitFor();
    await page.locator(`[data-testid=class-enrolled-${nursery.infant}]`).filter({ hasText: /^1$/ }).waitFor();
    const got = await api('GET', `/nurseries/${nursery.id}/enrolments?class=${nursery.infant}`, undefined, 200);
    check(got.body.items.some((a) => a.child.id === nursery.baby.id && a.state === 'enrolled'), `the API lists ${JSON.stringify(got.body.items)}`);
  });

  await step('open the oversight: the ratio breach and the overdue remedy are flagged, places against 4.5 per 1,000', async () => {
    await openFromMenu('nav-group-childcare', 'nav-childcare');
    // The demo's year has a breach and an overdue remedy of its own.
    await page.locator(`[data-testid=flag-${nursery.id}-ratio_breach]`).filter({ hasText: 'E2E托小班' }).waitFor();
    await page.locator(`[data-testid=flag-${nursery.id}-remedy_overdue]`).first().waitFor();
    const balance = await api('GET', '/childcare/balance', undefined, 200);
    check(balance.body.places >= 13, `the API counts ${balance.body.places} places`);
    await page.locator('[data-testid=balance-places] .stat-value').filter({ hasText: new RegExp(`^${balance.body.places}$`) }).waitFor();
    check((await cardValue('balance-children')) === String(balance.body.children_under_3), 'children under 3 differ from the API');
    check((await page.locator('[data-testid=balance-per1000]').innerText()).includes('4.5'), 'the target 4.5 is not shown');
  });

  // ---- Platform workers and programmes ----

  const platform = await step('open the platform workers’ coverage: the workers per unit and the rest station', async () => {
    const coverage = await api('GET', '/platform/coverage', undefined, 200);
    check(coverage.body.workers > 0, 'the Hailian demo has no platform worker');
    await openFromMenu('nav-group-platform', 'nav-platform');
    await page.locator('[data-testid=coverage-workers] .stat-value').filter({ hasText: new RegExp(`^${coverage.body.workers}$`) }).waitFor();
    for (const u of coverage.body.units) await page.locator(`[data-testid=coverage-unit-${u.unit}]`).waitFor();
    const stations = await api('GET', '/facilities?type=rider_rest_station', undefined, 200);
    for (const f of stations.body.items) await page.locator(`[data-testid=station-hours-${f.id}]`).waitFor();
    // A worker on the list's first page whom no programme reaches and who has
    // no injury protection yet (the demo's year has given many of them both).
    const workers = await api('GET', '/platform/workers?page_size=20', undefined, 200);
    const worker = workers.body.items.find((w) => w.injury_protection !== 'enrolled' && w.programmes.length === 0);
    check(worker, `every worker on the first page is protected or reached: ${JSON.stringify(workers.body.items).slice(0, 300)}`);
    return { coverage: coverage.body, worker };
  });

  await step("record a worker's platforms and injury protection through the page: the coverage counts them", async () => {
    const w = platform.worker;
    await openFromMenu('nav-group-platform', 'nav-platform-workers');
    await page.click(`[data-testid=worker-edit-${w.resident_id}]`);
    const form = page.locator('[data-testid=worker-form]');
    await form.waitFor();
    await form.locator('[data-testid=worker-platforms]').fill('美团外卖, 饿了么');
    await form.locator('[data-testid=injury-enrolled]').click();
    await form.locator('[data-testid=worker-submit]').click();
    await form.waitFor({ state: 'hidden' });
    await page.locator(`[data-testid=worker-platforms-${w.resident_id}]`).filter({ hasText: '美团、饿了么' }).waitFor();
    await page.locator(`[data-testid=worker-injury-${w.resident_id}]`).filter({ hasText: '已参加' }).waitFor();
    const after = await api('GET', '/platform/coverage', undefined, 200);
    check(after.body.injury_protected === platform.coverage.injury_protected + 1, `injury_protected ${platform.coverage.injury_protected} → ${after.body.injury_protected}`);
  });

  await step('enrol the worker in the rest-station programme through the page: the coverage reaches one more', async () => {
    const w = platform.worker;
    await openFromMenu('nav-group-platform', 'nav-enrolments');
    await page.locator('[data-testid=enrolments-table]').waitFor();
    await page.click('[data-testid=enrol]');
    const form = page.locator('[data-testid=enrol-form]');
    await form.waitFor();
    await form.locator('[data-testid=enrol-resident]').click();
    await page.keyboard.type(w.name);
    await page.locator(`[data-testid=resident-option-${w.resident_id}]`).click();
    await form.locator('[data-testid=enrol-note]').fill('E2E 驿站');
    await form.locator('[data-testid=enrol-submit]').click();
    await form.waitFor({ state: 'hidden' });
    const list = await api('GET', `/enrolments?resident=${w.resident_id}`, undefined, 200);
    const mine = list.body.items.find((e) => e.programme === 'rest_station' && e.open);
    check(mine, `the API lists ${JSON.stringify(list.body.items)}`);
    await page.locator(`[data-testid=enrolment-programme-${mine.id}]`).filter({ hasText: '户外劳动者驿站' }).waitFor();
    await openFromMenu('nav-group-platform', 'nav-platform');
    await page.locator('[data-testid=coverage-reached]').filter({ hasText: `${platform.coverage.reached + 1} / ` }).waitFor();
  });

  // ---- Scope: a unit outside Hailian is refused in every area ----

  const outside = [
    { path: `/visits?unit=${XINGHUA}`, alert: 'visits-error', api: `/visits/overdue?unit=${XINGHUA}` },
    { path: `/orders?unit=${XINGHUA}`, alert: 'orders-error', api: `/orders?unit=${XINGHUA}` },
    { path: `/caregivers?unit=${XINGHUA}`, alert: 'providers-error', api: `/caregivers?unit=${XINGHUA}` },
    { path: `/timebank?unit=${XINGHUA}`, alert: 'timebank-error', api: `/timebank/balances?unit=${XINGHUA}` },
    { path: `/childcare?unit=${XINGHUA}`, alert: 'childcare-error', api: `/childcare/flags?unit=${XINGHUA}` },
    { path: `/platform?unit=${XINGHUA}`, alert: 'platform-error', api: `/platform/coverage?unit=${XINGHUA}` },
    { path: `/enrolments?unit=${XINGHUA}`, alert: 'enrolments-error', api: `/enrolments?unit=${XINGHUA}` },
  ];
  await step(`a unit outside Hailian (星化 ${XINGHUA}) is refused in each area, in the page and the API`, async () => {
    for (const area of outside) {
      await page.goto(`${base}/#${area.path}`);
      const alert = page.locator(`[data-testid=${area.alert}]`);
      await alert.filter({ hasText: XINGHUA }).waitFor();
      const res = await api('GET', area.api);
      check(res.status === 403, `GET ${area.api}: HTTP ${res.status}, want 403`);
    }
  });

  await step('the 星化 worker finds none of the Hailian canteen, nursery and order', async () => {
    await page.click('[data-testid=logout]');
    await page.waitForURL(/#\/login/);
    await page.fill('[data-testid=login-username]', 'xinghua');
    await page.fill('[data-testid=login-password]', xinghua.password);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=dashboard-title]').waitFor();
    await page.goto(`${base}/#/canteens?facility=${canteen.id}`);
    await page.locator('[data-testid=no-canteen]').waitFor();
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/canteens/${id}/report`)).status, canteen.id);
    check(status === 404, `GET /canteens/${canteen.id}/report as 星化: HTTP ${status}, want 404`);
    await page.goto(`${base}/#/nurseries?nursery=${nursery.id}`);
    await page.locator('[data-testid=no-nursery]').waitFor();
    const classes = await page.evaluate(async (id) => (await fetch(`/api/v1/nurseries/${id}/classes`)).status, nursery.id);
    check(classes === 404, `GET /nurseries/${nursery.id}/classes as 星化: HTTP ${classes}, want 404`);
    await page.goto(`${base}/#/orders/${orderId}`);
    await page.locator('[data-testid=order-error]').waitFor();
    check((await page.locator('[data-testid=order-title]').count()) === 0, 'the 星化 worker sees the Hailian order');
  });
}
