import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ProvidersView from './ProvidersView.vue';
import ResidentPicker from '../../components/ResidentPicker.vue';
import { parseAvailability } from './care';
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

const caregiver = {
  id: 12, type: 'caregiver', unit: '320706006010', unit_name: '海连社区居委会', community: '320706006010', resident_id: null,
  name: '李护理', occupation: 'elder_care_worker', occupation_name: '养老护理员', skills: ['bathing', 'cleaning'],
  availability: [{ day: 'mon', start: '08:00', end: '12:00' }, { day: 'tue', start: '08:00', end: '12:00' }],
  certifications: [{ occupation: 'elder_care_worker', level: 4, number: 'NO.1', issued: '2024-01-01', expires: '2029-12-31' }],
  location: { lat: 34.6, lon: 119.17, source: 'given' }, hours_worked: 12.5, hours_before: 10, registered_on: '2026-01-01',
  left_on: null, note: '', timebank_account: null, synthetic: false, version: 3, etag: '"p12v3"',
};

const volunteer = {
  ...caregiver, id: 2, type: 'volunteer', resident_id: 30, name: '黄杰龙', occupation: null, occupation_name: null,
  skills: ['companionship'], certifications: [], hours_worked: 1.5, hours_before: 0, timebank_account: 2,
};

async function mountAt(path: string, permissions = ['services.read', 'services.write']) {
  me.value = user(permissions);
  const router = testRouter();
  await router.push(path);
  const { wrapper } = await mountWith(ProvidersView, { router });
  await flushPromises();
  return wrapper;
}

describe('ProvidersView', () => {
  it('lists caregivers with occupation, skills, availability, certificates and hours', async () => {
    const server = routeFetch({ 'GET /caregivers': () => jsonResponse(200, { items: [caregiver], total: 1, page: 1, page_size: 20 }) });
    const wrapper = await mountAt('/caregivers?skill=bathing');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=provider-12]').text()).toBe('李护理'));
    expect(server.calls('GET /caregivers')[0]!.query.get('skill')).toBe('bathing');
    const row = wrapper.find('[data-testid=providers-table] .el-table__body tr');
    expect(row.text()).toContain('养老护理员');
    expect(row.text()).toContain('助浴、保洁');
    expect(row.text()).toContain('周一 08:00–12:00，周二 08:00–12:00');
    expect(row.text()).toContain('养老护理员 4 级（有效期至 2029-12-31）');
    expect(wrapper.find('[data-testid=provider-hours-12]').text()).toBe('12.5');
    expect(wrapper.text()).toContain('护理员');
  });

  it('lists volunteers with their time-bank account', async () => {
    routeFetch({ 'GET /volunteers': () => jsonResponse(200, { items: [volunteer], total: 1, page: 1, page_size: 20 }) });
    const wrapper = await mountAt('/volunteers');
    await vi.waitFor(() => expect(wrapper.find('[data-testid=provider-2]').text()).toBe('黄杰龙'));
    expect(wrapper.find('[data-testid=providers-table]').text()).toContain('#2');
    expect(wrapper.find('h2').text()).toBe('志愿者');
  });

  it('registers a caregiver with parsed availability and a certificate', async () => {
    const server = routeFetch({
      'GET /caregivers': () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'POST /caregivers': (call) => jsonResponse(201, { ...caregiver, ...(call.body as object), id: 13 }),
    });
    const wrapper = await mountAt('/caregivers');
    await wrapper.find('[data-testid=provider-create]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=provider-form]');
    await form.find('input[data-testid=provider-name]').setValue('张护理');
    await form.find('[data-testid=skill-bathing] input').setValue(true);
    await form.find('input[data-testid=provider-availability]').setValue('mon-wed 08:00-12:00; sat 09:00-11:00');
    await form.find('input[data-testid=provider-lat]').setValue('34.6');
    await form.find('input[data-testid=provider-lon]').setValue('119.17');
    await form.find('input[data-testid=cert-level]').setValue('4');
    await form.trigger('submit');
    await flushPromises();
    const body = server.calls('POST /caregivers')[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      unit: '320706006010', name: '张护理', occupation: 'elder_care_worker', skills: ['bathing'], lat: 34.6, lon: 119.17,
      availability: [
        { day: 'mon', start: '08:00', end: '12:00' }, { day: 'tue', start: '08:00', end: '12:00' },
        { day: 'wed', start: '08:00', end: '12:00' }, { day: 'sat', start: '09:00', end: '11:00' },
      ],
    });
    expect((body.certifications as { level: number }[])[0]!.level).toBe(4);
    expect(server.calls('GET /caregivers')).toHaveLength(2);
  });

  it('refuses unreadable availability before asking, and registers a volunteer from the ledger', async () => {
    const server = routeFetch({
      'GET /volunteers': () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 20 }),
      'POST /volunteers': () => jsonResponse(409, { code: 'already_exists', message: 'resident 30 is already a volunteer (id 2)' }),
    });
    const wrapper = await mountAt('/volunteers');
    await wrapper.find('[data-testid=provider-create]').trigger('click');
    await flushPromises();
    const form = wrapper.find('[data-testid=provider-form]');
    wrapper.findComponent(ResidentPicker).vm.$emit('update:modelValue', 30);
    await form.find('input[data-testid=provider-availability]').setValue('weekdays mornings');
    await form.trigger('submit');
    await flushPromises();
    expect(form.find('[data-testid=form-error]').text()).toBe('可服务时间格式应为“mon-fri 08:00-12:00; sat 09:00-11:00”');
    expect(server.calls('POST /volunteers')).toHaveLength(0);
    await form.find('input[data-testid=provider-availability]').setValue('sat,sun 09:00-11:30');
    await form.trigger('submit');
    await flushPromises();
    expect(server.calls('POST /volunteers')[0]!.body).toEqual({
      resident: 30,
      availability: [{ day: 'sat', start: '09:00', end: '11:30' }, { day: 'sun', start: '09:00', end: '11:30' }],
    });
    expect(form.find('[data-testid=form-error]').text()).toBe('resident 30 is already a volunteer (id 2)');
  });

  it('reads availability as people write it', () => {
    expect(parseAvailability('fri 18:00-24:00')).toEqual([{ day: 'fri', start: '18:00', end: '24:00' }]);
    expect(parseAvailability('mon-fri 12:00-08:00')).toBeNull();
    expect(parseAvailability('fri-mon 08:00-12:00')).toBeNull();
    expect(parseAvailability('')).toBeNull();
  });
});
