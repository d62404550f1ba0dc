import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ScorecardsView from './ScorecardsView.vue';
import { setLocale } from '../../i18n';
import { me } from '../../session';
import type { Me } from '../../api';
import { jsonResponse, mountWith, testRouter } from '../../testing/helpers';
import { routeFetch } from '../../testing/routeFetch';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  me.value = null;
  document.body.innerHTML = '';
});

const STREET = '320706006';
const office: Me = {
  username: 'xinhai_street', display_name: '', role: 'street_officer', unit: STREET, unit_name: '新海街道',
  permissions: ['units.read', 'indicators.read'],
};
const card = { code: 'governance', name: '基层治理考核', description: '', builtin: true, items: [{ indicator: 'concern_resolution_rate', weight: 1, direction: 'higher', scoring: 'range', cap: null, target: null }] };
const ranking = {
  scorecard: 'governance', name: '基层治理考核', scope: STREET, level: 'community', period: '2026', previous_period: '2025',
  units: [
    { rank: 1, unit: `${STREET}010`, name: '海连社区', score: 90, previous_score: 85, change: 5, items: [{ indicator: 'concern_resolution_rate', value: 0.9, score: 90, weight: 1 }], missing: [] },
    { rank: 2, unit: `${STREET}009`, name: '星化社区', score: 60, previous_score: 70, change: -10, items: [{ indicator: 'concern_resolution_rate', value: 0.6, score: 60, weight: 1 }], missing: [] },
    { rank: null, unit: `${STREET}011`, name: '新东社区', score: null, previous_score: null, change: null, items: [{ indicator: 'concern_resolution_rate', value: null, score: null, weight: 1 }], missing: ['concern_resolution_rate'] },
  ],
};

describe('ScorecardsView', () => {
  it('ranks the communities of the user\'s unit with arrows, missing items and the breakdown on expanding', async () => {
    const server = routeFetch({
      'GET /scorecards': () => jsonResponse(200, { scorecards: [card] }),
      'GET /scorecards/governance/rank': () => jsonResponse(200, ranking),
    });
    me.value = office;
    const router = testRouter();
    await router.push('/scorecards?period=2026');
    const { wrapper } = await mountWith(ScorecardsView, { router, global: { stubs: { EChart: true, UnitPicker: true } } });
    await flushPromises();
    const asked = server.calls('GET /scorecards/governance/rank')[0]!;
    expect(asked.query.get('unit')).toBe(STREET);
    expect(asked.query.get('level')).toBe('community');
    expect(asked.query.get('period')).toBe('2026');
    const rows = wrapper.findAll('[data-testid=sc-table] .el-table__body > tbody > tr');
    expect(rows).toHaveLength(3);
    expect(rows[0]!.text()).toContain('海连社区');
    expect(rows[0]!.text()).toContain('↑');
    expect(rows[1]!.text()).toContain('↓');
    expect(rows[2]!.text()).toContain('concern_resolution_rate');
    expect(wrapper.find('[data-testid=sc-chart]').exists()).toBe(true);

    await rows[0]!.find('.el-table__expand-icon').trigger('click');
    await flushPromises();
    expect(wrapper.find(`[data-testid=sc-items-${STREET}010]`).text()).toContain('0.9');
  });
});
