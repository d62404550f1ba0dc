// The pages. Hash history (/#/residents/17): every address is the one
// index.html, so the server needs no fallback route for the front end.
// Every page but the login needs a session: the guard loads /auth/me once and
// sends a visitor without a session (401) to the login page.
import { createRouter, createWebHashHistory, type Router, type RouteRecordRaw } from 'vue-router';
import { ApiError } from './api';
import { loadSession, me } from './session';
import AppLayout from './components/AppLayout.vue';
import LoginView from './views/LoginView.vue';
import { serviceRoutes } from './views/services/routes';

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/DashboardView.vue') },
      { path: 'units', name: 'units', component: () => import('./views/UnitsView.vue') },
      { path: 'units/:code', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
      { path: 'residents', name: 'residents', component: () => import('./views/ResidentsView.vue') },
      { path: 'residents/:id', name: 'resident', component: () => import('./views/ResidentDetailView.vue') },
      { path: 'households', name: 'households', component: () => import('./views/HouseholdsView.vue') },
      { path: 'households/:id', name: 'household', component: () => import('./views/HouseholdDetailView.vue') },
      { path: 'facilities', name: 'facilities', component: () => import('./views/FacilitiesView.vue') },
      { path: 'concerns', name: 'concerns', component: () => import('./views/ConcernsView.vue') },
      { path: 'concerns/rates', name: 'concern-rates', component: () => import('./views/ConcernRatesView.vue') },
      { path: 'concerns/:id(\\d+)', name: 'concern', component: () => import('./views/ConcernDetailView.vue') },
      ...serviceRoutes,
      { path: 'plan', name: 'plan', component: () => import('./views/plan/PlanView.vue') },
      { path: 'plan/map', name: 'plan-map', component: () => import('./views/plan/PlanMapView.vue') },
      { path: 'indicators', name: 'indicators', component: () => import('./views/indicators/IndicatorsView.vue') },
      { path: 'reports', name: 'reports', component: () => import('./views/indicators/ReportsView.vue') },
      { path: 'scorecards', name: 'scorecards', component: () => import('./views/indicators/ScorecardsView.vue') },
      { path: 'economy', name: 'economy', component: () => import('./views/indicators/EconomyView.vue') },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
    ],
  },
];

export function makeRouter(): Router {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.beforeEach(async (to) => {
    if (to.meta.public || me.value) return true;
    try {
      await loadSession();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) console.error(error);
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
  });
  return router;
}
