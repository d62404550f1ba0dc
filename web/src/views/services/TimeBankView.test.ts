import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import TimeBankView from './TimeBankView.vue';
import TimeBankStatementView from './TimeBankStatementView.vue';
import ResidentPicker from '../../components/ResidentPicker.vue';
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

function user(permissions: string[]): Me {
  return { username: 'hailian', display_name: '', role: 'community_staff', unit: '320706006010', unit_name: '海连社区居委会', permissions };
}

function account(id: number, kind: string, name: string, minutes: number) {
  return { id, community: '320706006010', kind, resident_id: kind === 'member' ? 20 + id : null, name, opened_on: '2026-01-05', closed: false, minutes, hours: minutes / 60 };
}

function balances(accounts: ReturnType<typeof account>[]) {
  const outstanding = accounts.filter((a) => a.kind === 'member').reduce((s, a) => s + a.minutes, 0);
  return {
    unit: '320706006010', as_of: null, accounts, total_minutes: 0, total_hours: 0,
    outstanding_minutes: outstanding, outstanding_hours: outstanding / 60,
    banks: [{ community: '320706006010', community_name: '海连社区居委会', opened_on: '2026-01-05', policy: {}, accounts: accounts.length,
      transactions: 3, total_minutes: 0, total_hours: 0, outstanding_minutes: outstanding, outstanding_hours: outstanding / 60 }],
  };
}

const before = balances([account(1, 'issuance', '发行账户', -270), account(2, 'member', '黄杰龙', 180), account(3, 'member', '王志愿', 90)]);

async function mountAt(component: object, path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(component, { router });
  await flushPromises();
  return wrapper;
}

describe('TimeBankView', () => {
  it('lists every account with its hours, the issuance account first, and a total of 0', async () => {
    const server = routeFetch({ 'GET /timebank/balances': () => jsonResponse(200, before) });
    const wrapper = await mountAt(TimeBankView, '/timebank?unit=320706006010');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=account-hours-2]').text()).toBe('3'));
    expect(server.calls('GET /timebank/balances')[0]!.query.get('unit')).toBe('320706006010');
    expect(wrapper.find('[data-testid=account-hours-1]').text()).toBe('-4.5');
    expect(wrapper.find('[data-testid=account-hours-3]').text()).toBe('1.5');
    expect(wrapper.find('[data-testid=timebank-total] .stat-value').text()).toBe('0');
    expect(wrapper.find('[data-testid=timebank-outstanding] .stat-value').text()).toBe('4.5');
    const rows = wrapper.findAll('[data-testid=timebank-accounts] .el-table__body tr');
    expect(rows[0]!.text()).toContain('发行账户');
    expect(wrapper.find('[data-testid=timebank-accounts] .el-table__footer').text()).toContain('合计');
    // The issuance account takes no transfer.
    expect(wrapper.find('[data-testid=transfer-1]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=transfer-2]').exists()).toBe(true);
  });

  it('transfers hours to a family member and reloads; a refusal stays in the dialog', async () => {
    let answer = before;
    let refuse = true;
    const server = routeFetch({
      'GET /timebank/balances': () => jsonResponse(200, answer),
      'POST /timebank/transfers': () => {
        if (refuse) {
          refuse = false;
          return jsonResponse(409, { code: 'failed_precondition', message: 'overdrawn: account 2 would go from 180 min to -120 min' });
        }
        answer = balances([account(1, 'issuance', '发行账户', -270), account(2, 'member', '黄杰龙', 150), account(3, 'member', '王志愿', 90), account(4, 'member', '黄老爷', 30)]);
        return jsonResponse(201, { transaction: { id: 9, community: '320706006010', number: 4, kind: 'transfer', date: '2026-07-08', reference: '', reverses: null, memo: '', postings: [], recorded_by: 'hailian' }, balance_minutes: 150, balance_hours: 2.5 });
      },
    });
    const wrapper = await mountAt(TimeBankView, '/timebank');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=transfer-2]').exists()).toBe(true));
    await wrapper.find('[data-testid=transfer-2]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=timebank-form]');
    wrapper.findComponent(ResidentPicker).vm.$emit('update:modelValue', 907);
    await form.find('input[data-testid=timebank-hours]').setValue('5');
    await form.trigger('submit');
    await flushPromises();
    expect(server.calls('POST /timebank/transfers')[0]!.body).toEqual({ from_account: 2, to_resident: 907, hours: 5 });
    expect(form.find('[data-testid=form-error]').text()).toBe('overdrawn: account 2 would go from 180 min to -120 min');

    await form.find('input[data-testid=timebank-hours]').setValue('0.5');
    await form.find('input[data-testid=timebank-memo]').setValue('给父亲');
    await form.trigger('submit');
    await flushPromises();
    expect(server.calls('POST /timebank/transfers')[1]!.body).toEqual({ from_account: 2, to_resident: 907, hours: 0.5, memo: '给父亲' });
    await vi.waitFor(() => expect(wrapper.find('[data-testid=account-hours-4]').text()).toBe('0.5'));
    expect(wrapper.find('[data-testid=account-hours-2]').text()).toBe('2.5');
    expect(wrapper.find('[data-testid=timebank-total] .stat-value').text()).toBe('0');
  });

  it('redeems hours for a service, the reference required', async () => {
    const server = routeFetch({
      'GET /timebank/balances': () => jsonResponse(200, before),
      'POST /timebank/redemptions': () => jsonResponse(201, { transaction: { id: 10, number: 5 }, balance_minutes: 120, balance_hours: 2 }),
    });
    const wrapper = await mountAt(TimeBankView, '/timebank');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=redeem-3]').exists()).toBe(true));
    await wrapper.find('[data-testid=redeem-3]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=timebank-form]');
    await form.find('input[data-testid=timebank-hours]').setValue('1');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('请填写关联事项');
    await form.find('input[data-testid=timebank-reference]').setValue('home_service_order:17');
    await form.trigger('submit');
    await flushPromises();
    expect(server.calls('POST /timebank/redemptions')[0]!.body).toEqual({ account: 3, hours: 1, reference: 'home_service_order:17' });
  });

  it("shows the scope's refusal and offers no writes without services.write", async () => {
    routeFetch({
      'GET /timebank/balances': (call) =>
        call.query.get('unit') === '320706006009'
          ? jsonResponse(403, { code: 'permission_denied', message: 'unit 320706006009 is outside your scope (320706006010)' })
          : jsonResponse(200, before),
    });
    const refused = await mountAt(TimeBankView, '/timebank?unit=320706006009');
    await vi.waitFor(() => expect(refused.find('[data-testid=timebank-error]').text()).toContain('outside your scope'));
    const readOnly = await mountAt(TimeBankView, '/timebank', ['services.read']);
    await vi.waitFor(() => expect(readOnly.find('[data-testid=account-hours-2]').exists()).toBe(true));
    expect(readOnly.find('[data-testid=timebank-transfer]').exists()).toBe(false);
    expect(readOnly.find('[data-testid=transfer-2]').exists()).toBe(false);
  });
});

describe('TimeBankStatementView', () => {
  it('shows the opening balance, the entries with their running balance and counterparty, and the closing balance', async () => {
    const server = routeFetch({
      'GET /timebank/accounts/2/statement': () =>
        jsonResponse(200, {
          account: { id: 2, community: '320706006010', kind: 'member', resident_id: 22, name: '黄杰龙', opened_on: '2026-01-05', closed: false },
          from: '2026-07-01', to: '2026-07-31', opening_minutes: 60, opening_hours: 1,
          entries: [
            { transaction: 5, kind: 'earn', date: '2026-07-06', minutes: 90, hours: 1.5, counterparty: 1, reference: 'home_service_order:31', reverses: null, balance_minutes: 150, balance_hours: 2.5 },
            { transaction: 6, kind: 'transfer', date: '2026-07-08', minutes: -30, hours: -0.5, counterparty: 3, reference: '', reverses: null, balance_minutes: 120, balance_hours: 2 },
          ],
          closing_minutes: 120, closing_hours: 2,
        }),
      'GET /timebank/balances': () => jsonResponse(200, before),
    });
    const wrapper = await mountAt(TimeBankStatementView, '/timebank/accounts/2?from=2026-07-01&to=2026-07-31');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=statement-title]').text()).toBe('账户明细：黄杰龙'));
    const asked = server.calls('GET /timebank/accounts/2/statement')[0]!.query;
    expect([asked.get('from'), asked.get('to')]).toEqual(['2026-07-01', '2026-07-31']);
    expect(server.calls('GET /timebank/balances')[0]!.query.get('unit')).toBe('320706006010');
    expect(wrapper.find('[data-testid=statement-opening] .stat-value').text()).toBe('1');
    expect(wrapper.find('[data-testid=statement-closing] .stat-value').text()).toBe('2');
    const rows = wrapper.findAll('[data-testid=statement-entries] .el-table__body tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('服务获得');
    expect(rows[0]!.text()).toContain('+1.5');
    expect(rows[0]!.text()).toContain('发行账户');
    expect(rows[0]!.text()).toContain('home_service_order:31');
    await vi.waitFor(() => expect(rows[1]!.text()).toContain('王志愿'));
    expect(rows[1]!.text()).toContain('-0.5');
    expect(wrapper.find('[data-testid=entry-kind-6]').text()).toBe('转赠');
  });

  it('is not found outside the scope', async () => {
    routeFetch({ 'GET /timebank/accounts/99/statement': () => jsonResponse(404, { code: 'not_found', message: 'no account 99' }) });
    const wrapper = await mountAt(TimeBankStatementView, '/timebank/accounts/99');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=statement-error]').text()).toBe('该记录不存在，或不在您的管辖范围内。'));
  });
});
