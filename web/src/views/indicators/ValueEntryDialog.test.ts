import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import DefineIndicatorDialog from './DefineIndicatorDialog.vue';
import IndicatorsView from './IndicatorsView.vue';
import ValueEntryDialog from './ValueEntryDialog.vue';
import { setLocale } from '../../i18n';
import { me } from '../../session';
import type { Me } from '../../api';
import type { IndicatorElement } from '../../api/indicators';
import { jsonResponse, mountWith, testRouter } from '../../testing/helpers';
import { routeFetch } from '../../testing/routeFetch';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

const HAILIAN = '320706006010';
const element = (code: string, name: string, source: 'entered' | 'derived'): IndicatorElement => ({
  code, name, measure: '', aggregation: 'sum', weight: '', source, description: '', entered_by: '社区', builtin: true,
});
const elements = [element('residents', '常住人口', 'derived'), element('elderly_care_floor_m2', '养老服务设施建筑面积', 'entered')];
const writer: Me = {
  username: 'hailian', display_name: '', role: 'community_worker', unit: HAILIAN, unit_name: '海连社区',
  permissions: ['units.read', 'indicators.read', 'indicators.write'],
};

// Picks the option of an el-select by its label (the dropdown is teleported to the body).
async function pickOption(label: string) {
  const items = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')];
  const item = items.find((i) => i.textContent?.includes(label));
  if (!item) throw new Error(`no option ${label} among ${items.map((i) => i.textContent).join(' | ')}`);
  item.click();
  await flushPromises();
}

function input(testid: string): HTMLInputElement {
  const el = document.querySelector<HTMLInputElement>(`[data-testid=${testid}] input, input[data-testid=${testid}]`);
  if (!el) throw new Error(`no input ${testid}`);
  return el;
}
async function type(testid: string, text: string) {
  const el = input(testid);
  el.value = text;
  el.dispatchEvent(new Event('input'));
  await flushPromises();
}
async function click(testid: string) {
  document.querySelector<HTMLElement>(`[data-testid=${testid}]`)!.click();
  await flushPromises();
}

describe('ValueEntryDialog', () => {
  it('offers entered elements only, refuses what is not a number before asking, posts one value', async () => {
    const server = routeFetch({ 'POST /indicators/values': () => jsonResponse(201, { stored: 1, missing: 0 }) });
    const { wrapper } = await mountWith(ValueEntryDialog, {
      props: { modelValue: true, elements, unit: HAILIAN, period: '2026' },
      global: { stubs: { UnitPicker: true } },
    });
    await flushPromises();
    const labels = [...document.querySelectorAll('.el-select-dropdown__item')].map((i) => i.textContent);
    expect(labels.some((l) => l?.includes('elderly_care_floor_m2'))).toBe(true);
    expect(labels.some((l) => l?.includes('residents'))).toBe(false);

    await click('entry-save');
    expect(document.querySelector('[data-testid=entry-error]')?.textContent).toContain('请选择');
    await pickOption('elderly_care_floor_m2');
    await type('entry-value', 'abc');
    await click('entry-save');
    expect(document.querySelector('[data-testid=entry-error]')?.textContent).toContain('请输入数值');
    expect(server.calls('POST /indicators/values')).toHaveLength(0);

    await type('entry-value', '1234.5');
    await click('entry-save');
    const sent = server.calls('POST /indicators/values')[0]!;
    expect(sent.headers.get('X-Alley-Request')).toBe('1');
    expect(sent.body).toEqual({ values: [{ element: 'elderly_care_floor_m2', unit: HAILIAN, period: '2026', value: 1234.5 }] });
    expect(wrapper.emitted('stored')?.[0]).toEqual([{ element: 'elderly_care_floor_m2', unit: HAILIAN, period: '2026' }]);
  });

  it('posts null for not known, shows the server\'s 403 as it words it and stays open', async () => {
    const message = 'values[0]: unit: 320706006009 is outside your unit';
    const server = routeFetch({ 'POST /indicators/values': () => jsonResponse(403, { code: 'permission_denied', message }) });
    const { wrapper } = await mountWith(ValueEntryDialog, {
      props: { modelValue: true, elements, unit: '320706006009', period: '2026' },
      global: { stubs: { UnitPicker: true } },
    });
    await flushPromises();
    await pickOption('elderly_care_floor_m2');
    (document.querySelector('[data-testid=entry-unknown] input') as HTMLInputElement).click();
    await flushPromises();
    await click('entry-save');
    expect(server.calls('POST /indicators/values')[0]!.body).toEqual({ values: [{ element: 'elderly_care_floor_m2', unit: '320706006009', period: '2026', value: null }] });
    expect(document.querySelector('[data-testid=entry-error]')?.textContent).toContain(message);
    expect(wrapper.emitted('stored')).toBeUndefined();
  });
});

describe('DefineIndicatorDialog', () => {
  it('posts the indicator with its target, and puts a formula error with its column under the formula', async () => {
    let answer = () => jsonResponse(400, { code: 'invalid_argument', message: "field formula: column 9: unexpected ')'" });
    const server = routeFetch({ 'POST /indicators': () => answer() });
    const { wrapper } = await mountWith(DefineIndicatorDialog, { props: { modelValue: true } });
    await flushPromises();
    await type('define-code', 'floor_per_resident');
    await type('define-name', '人均养老面积');
    await type('define-formula', 'floor / )');
    await click('define-save');
    expect(document.querySelector('[data-testid=define-formula-error]')?.textContent).toBe("第 9 列：unexpected ')'");
    expect(document.querySelector('[data-testid=define-error]')).toBeNull();

    answer = () => jsonResponse(201, { code: 'floor_per_resident', name: '人均养老面积', formula: 'elderly_care_floor_m2 / residents', measure: '', target: { op: '>=', value: 0.1, source: '' }, description: '', builtin: false });
    await type('define-formula', 'elderly_care_floor_m2 / residents');
    document.querySelector<HTMLElement>('[data-testid=define-op]')!.click();
    await flushPromises();
    await pickOption('>=');
    await type('define-target', '0.1');
    await click('define-save');
    expect(server.calls('POST /indicators').at(-1)!.body).toEqual({
      code: 'floor_per_resident', name: '人均养老面积', formula: 'elderly_care_floor_m2 / residents', target: { op: '>=', value: 0.1 },
    });
    expect(wrapper.emitted('defined')).toHaveLength(1);
  });
});

describe('IndicatorsView value entry buttons', () => {
  const catalogue = { elements, indicators: [], rules: [] };
  const empty = { scope: HAILIAN, periods: ['2026'], columns: [], rows: [] };
  function server() {
    return routeFetch({
      'GET /indicators': () => jsonResponse(200, catalogue),
      'GET /indicators/table': () => jsonResponse(200, empty),
      'GET /units/*': (call) =>
        call.path.endsWith('/children') ? jsonResponse(200, { items: [] }) : jsonResponse(200, { code: HAILIAN, name: '海连社区', level: 'community', parent: '320706006' }),
    });
  }

  it('shows Enter a value and Define an indicator only with indicators.write', async () => {
    server();
    me.value = { ...writer, permissions: ['units.read', 'indicators.read'] };
    const router = testRouter();
    await router.push('/indicators?codes=residents&year=2026');
    const { wrapper } = await mountWith(IndicatorsView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
    await flushPromises();
    expect(wrapper.find('[data-testid=ind-enter]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=ind-define]').exists()).toBe(false);
  });

  it('adds the entered element to the table after a value is stored', async () => {
    const s = server();
    me.value = writer;
    const router = testRouter();
    await router.push('/indicators?codes=residents&year=2026');
    const { wrapper } = await mountWith(IndicatorsView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
    await flushPromises();
    expect(wrapper.find('[data-testid=ind-enter]').exists()).toBe(true);
    wrapper.findComponent(ValueEntryDialog).vm.$emit('stored', { element: 'elderly_care_floor_m2', unit: HAILIAN, period: '2026' });
    await flushPromises();
    expect(router.currentRoute.value.query.codes).toBe('residents,elderly_care_floor_m2');
    expect(router.currentRoute.value.query.focus).toBe('elderly_care_floor_m2');
    expect(s.calls('GET /indicators/table').at(-1)!.query.get('codes')).toBe('residents,elderly_care_floor_m2');
  });
});
