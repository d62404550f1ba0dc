// True on a narrow screen (a phone): the menu collapses into a drawer and
// tables become cards.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export const MOBILE_QUERY = '(max-width: 768px)';

export function useIsMobile(): Ref<boolean> {
  const mobile = ref(false);
  let list: MediaQueryList | null = null;
  const update = () => {
    mobile.value = list?.matches ?? false;
  };
  onMounted(() => {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    list = window.matchMedia(MOBILE_QUERY);
    update();
    list.addEventListener('change', update);
  });
  onBeforeUnmount(() => list?.removeEventListener('change', update));
  return mobile;
}
