// Answers of the concerns' API as the server sends them, for the tests.
import type { Concern, ConcernCategories, ConcernDetail } from '../api';

export const categories: ConcernCategories = {
  categories: [
    {
      id: 'utilities', name: '水电气热', description: '停水停电、燃气、供暖', body: 'public_utility',
      body_name: '水电气热供应企业', respond_within_hours: 4, resolve_within_working_days: 2,
    },
    {
      id: 'noise', name: '噪声扰民', description: '施工、装修、商业噪声', body: 'urban_management',
      body_name: '城市管理部门', respond_within_hours: 12, resolve_within_working_days: 3,
    },
    {
      id: 'property_management', name: '物业管理', description: '物业服务', body: 'community_committee',
      body_name: '社区居委会', respond_within_hours: 24, resolve_within_working_days: 7,
    },
  ],
  channels: ['hotline', 'app', 'walk_in', 'patrol', 'open311'],
  urgencies: ['normal', 'urgent', 'emergency'],
};

export function concern(overrides: Partial<Concern> = {}): Concern {
  return {
    id: 41, unit: '320706006010001', community: '320706006010', category: 'utilities', urgency: 'normal',
    channel: 'hotline', description: '3号楼停水两天', address: '海连新村3号楼', lat: null, lon: null,
    reporter_name: '李**', reporter_phone: '139****5678', resident: null, state: 'received',
    responsible: 'public_utility', assignee: '', received_at: '2026-07-01T02:00:00Z',
    response_due: '2026-07-01T06:00:00Z', resolution_due: '2026-07-03T16:00:00Z', responded_at: null,
    resolved_at: null, rating: null, escalation: 0, version: 1, synthetic: false, etag: '"c41v1"',
    ...overrides,
  };
}

export function detail(overrides: Partial<ConcernDetail> = {}): ConcernDetail {
  return {
    ...concern(overrides),
    events: [
      { id: 1, at: '2026-07-01T02:00:00Z', event: 'receive', from: '', to_state: 'received', actor: 'hailian',
        target: '', reason: '', note: 'hotline', rating: '' },
    ],
    ...overrides,
  };
}
