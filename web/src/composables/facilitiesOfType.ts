// The open facilities of one type in the user's scope (GET /facilities?type=),
// for the pages that work on one of them: a canteen's finances, a nursery's
// classes, a rider rest station's hours. At most 200: a street has a few.
import { ref } from 'vue';
import * as api from '../api';
import { errorText } from './errors';

export function useFacilitiesOfType(type: string) {
  const facilities = ref<api.Facility[]>([]);
  const error = ref('');
  const loaded = ref(false);

  async function load(unit?: string): Promise<api.Facility[]> {
    error.value = '';
    try {
      const page = await api.listFacilities({ type, unit, page_size: 200 });
      facilities.value = page.items;
    } catch (e) {
      facilities.value = [];
      error.value = errorText(e);
    } finally {
      loaded.value = true;
    }
    return facilities.value;
  }

  return { facilities, error, loaded, load };
}
