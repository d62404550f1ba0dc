// The pages of the service workflows (docs/http.md: senior canteens, visits,
// home services, time bank, childcare, platform workers, programmes), one
// menu group per area (components/ServiceMenu.vue). router.ts puts them
// under the layout, before the not-found page.
import type { RouteRecordRaw } from 'vue-router';

export const serviceRoutes: RouteRecordRaw[] = [
  { path: 'canteens', name: 'canteens', component: () => import('./CanteenView.vue') },
  { path: 'visits', name: 'visits', component: () => import('./VisitsView.vue') },
  { path: 'orders', name: 'orders', component: () => import('./OrdersView.vue') },
  { path: 'orders/:id', name: 'order', component: () => import('./OrderDetailView.vue') },
  { path: 'caregivers', name: 'caregivers', component: () => import('./ProvidersView.vue'), meta: { kind: 'caregivers' } },
  { path: 'volunteers', name: 'volunteers', component: () => import('./ProvidersView.vue'), meta: { kind: 'volunteers' } },
  { path: 'timebank', name: 'timebank', component: () => import('./TimeBankView.vue') },
  { path: 'timebank/accounts/:id', name: 'timebank-statement', component: () => import('./TimeBankStatementView.vue') },
  { path: 'nurseries', name: 'nurseries', component: () => import('./NurseriesView.vue') },
  { path: 'childcare', name: 'childcare', component: () => import('./ChildcareView.vue') },
  { path: 'platform', name: 'platform', component: () => import('./PlatformView.vue') },
  { path: 'platform-workers', name: 'platform-workers', component: () => import('./PlatformWorkersView.vue') },
  { path: 'enrolments', name: 'enrolments', component: () => import('./EnrolmentsView.vue') },
];
