// Starts the front end: Element Plus, the router, and the 401 rule (any
// request answered 401 sends the user back to the login page).
import { createApp } from 'vue';
import ElementPlus, { ElMessage } from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { setUnauthorizedHandler } from './api';
import { locale, setLocale, t } from './i18n';
import { makeRouter } from './router';
import { clearSession, me } from './session';

const router = makeRouter();

setUnauthorizedHandler(() => {
  // Before the first /auth/me answer there was no session to lose: the
  // router's guard sends the visitor to the login page itself.
  const hadSession = me.value !== null;
  clearSession();
  const current = router.currentRoute.value;
  if (!hadSession || current.name === 'login') return;
  ElMessage.warning(t('errors.sessionExpired'));
  void router.replace({ name: 'login', query: { redirect: current.fullPath } });
});

setLocale(locale.value);
createApp(App).use(ElementPlus).use(router).mount('#app');
