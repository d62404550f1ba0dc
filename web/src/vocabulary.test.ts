import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from './i18n';
import { normalizeVocabulary, termLabel, termOptions, vocabulary } from './vocabulary';

afterEach(() => {
  vocabulary.value = null;
  setLocale('zh');
});

// The shape the server answers (src/api/api_units.cc).
const served = {
  tags: [{ id: 'living_alone', name: '独居老人' }, { id: 'veteran', name: '退役军人' }],
  employment: [{ id: 'delivery_rider', name: '外卖骑手' }],
  age_bands: ['0-2', '80+'],
  roles: [{ id: 'community_staff', permissions: ['ledger.read'] }],
};

describe('vocabulary', () => {
  it('offers the served ids, named by the server in Chinese and by the dictionary in English', () => {
    vocabulary.value = normalizeVocabulary(served);
    expect(termOptions('tags').map((o) => o.value)).toEqual(['living_alone', 'veteran']);
    expect(termLabel('tags', 'living_alone')).toBe('独居老人');
    expect(termLabel('roles', 'community_staff')).toBe('社区工作人员');
    expect(termLabel('age_bands', '80+')).toBe('80 岁及以上');
    setLocale('en');
    expect(termLabel('tags', 'living_alone')).toBe('Elderly, living alone');
    expect(termLabel('employment', 'no_such_form')).toBe('no_such_form');
  });

  it('falls back to the dictionary for a kind the answer lacks', () => {
    vocabulary.value = normalizeVocabulary(served);
    expect(termOptions('insurance').map((o) => o.value)).toEqual(['employee', 'resident', 'flexible', 'none', 'unknown']);
  });
});
