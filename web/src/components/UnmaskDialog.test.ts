import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import UnmaskDialog from './UnmaskDialog.vue';
import * as api from '../api';
import { setLocale } from '../i18n';
import { callOf, jsonResponse, mockFetch, mountWith } from '../testing/helpers';

beforeEach(() => setLocale('zh'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

// The dialog is teleported to <body>.
const $ = (selector: string) => document.body.querySelector(selector);

async function openDialog() {
  const props = {
    modelValue: false,
    fields: [
      { key: 'id_number', label: '身份证号' },
      { key: 'phone', label: '电话' },
    ],
    reveal: (reason: string) => api.unmaskResident(17, reason).then((clear) => ({ ...clear })),
  };
  return mountWith(UnmaskDialog, { props }).then(async (m) => {
    await m.wrapper.setProps({ modelValue: true });
    await flushPromises();
    return m;
  });
}

async function submitWith(reason: string) {
  const input = $('input[data-testid=unmask-reason]') as HTMLInputElement;
  input.value = reason;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
  ($('[data-testid=unmask-dialog] form') as HTMLFormElement).dispatchEvent(new Event('submit'));
  await flushPromises();
}

function reasonError(): string {
  return $('[data-field=reason] .el-form-item__error')?.textContent?.trim() ?? '';
}

describe('UnmaskDialog', () => {
  it('requires a reason of at least 4 characters before asking the server', async () => {
    const fetchMock = mockFetch(() => jsonResponse(200, {}));
    await openDialog();
    await submitWith('');
    await vi.waitFor(() => expect(reasonError()).toBe('请填写查看事由'));
    await submitWith('核对');
    await vi.waitFor(() => expect(reasonError()).toBe('事由至少 4 个字'));
    expect(fetchMock).not.toHaveBeenCalled();
    expect($('[data-testid=unmask-values]')).toBeNull();
  });

  it('sends the reason and shows the clear values', async () => {
    const fetchMock = mockFetch(() => jsonResponse(200, { id_number: '320706193801200147', phone: '13812345678' }));
    await openDialog();
    await submitWith('入户走访核对身份');
    const { url, init, headers } = callOf(fetchMock, 0);
    expect(url).toBe('/api/v1/residents/17/unmask');
    expect(init.method).toBe('POST');
    expect(headers.get('X-Alley-Request')).toBe('1');
    expect(JSON.parse(String(init.body))).toEqual({ reason: '入户走访核对身份', fields: ['id_number', 'phone'] });
    expect($('[data-testid=clear-id_number]')?.textContent).toBe('320706193801200147');
    expect($('[data-testid=clear-phone]')?.textContent).toBe('13812345678');
  });

  it("shows the server's message about the reason under it", async () => {
    mockFetch(() => jsonResponse(400, { code: 'invalid_argument', message: 'field reason: at least 4 characters' }));
    await openDialog();
    await submitWith('    abcd   ');
    await vi.waitFor(() => expect(reasonError()).toBe('at least 4 characters'));
  });

  it('shows the fields the page names, from the request it gives (a concern reporter)', async () => {
    const fetchMock = mockFetch(() => jsonResponse(200, { id: 5, reporter_phone: '13912345678' }));
    const { wrapper } = await mountWith(UnmaskDialog, {
      props: {
        modelValue: false,
        fields: [{ key: 'reporter_phone', label: '反映人电话' }],
        reveal: (reason: string) => api.unmaskConcern(5, reason).then((clear) => ({ ...clear })),
        testid: 'concern-unmask-dialog',
      },
    });
    await wrapper.setProps({ modelValue: true });
    await flushPromises();
    const input = $('input[data-testid=unmask-reason]') as HTMLInputElement;
    input.value = '回访核实';
    input.dispatchEvent(new Event('input'));
    await flushPromises();
    ($('[data-testid=concern-unmask-dialog] form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(callOf(fetchMock, 0).url).toBe('/api/v1/concerns/5/unmask');
    expect(JSON.parse(String(callOf(fetchMock, 0).init.body))).toEqual({ reason: '回访核实' });
    await vi.waitFor(() => expect($('[data-testid=clear-reporter_phone]')?.textContent).toBe('13912345678'));
    expect($('[data-testid=clear-phone]')).toBeNull();
  });
});
