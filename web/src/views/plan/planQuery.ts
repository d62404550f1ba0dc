// The planning pages' parameters in the address (?unit=&type=&minutes=&method=&sites=),
// so that the planning page and the map share a link.
import type { LocationQuery } from 'vue-router';
import { ACCESS_METHODS, type AccessMethod, type PlanRunQuery } from '../../api/plan';
import { compactQuery, queryText } from '../services/shared';

export const DEFAULT_TYPE = 'nursery';

export function planQueryOf(query: LocationQuery): PlanRunQuery {
  const minutes = Number.parseInt(queryText(query, 'minutes'), 10);
  const sites = Number.parseInt(queryText(query, 'sites'), 10);
  const method = queryText(query, 'method') as AccessMethod;
  return {
    unit: queryText(query, 'unit') || undefined,
    type: queryText(query, 'type') || DEFAULT_TYPE,
    minutes: Number.isFinite(minutes) && minutes > 0 ? minutes : undefined,
    method: ACCESS_METHODS.includes(method) ? method : undefined,
    sites: Number.isFinite(sites) && sites > 0 ? sites : undefined,
  };
}

export function routeQueryOf(q: PlanRunQuery): Record<string, string> {
  return compactQuery({ unit: q.unit, type: q.type, minutes: q.minutes, method: q.method, sites: q.sites });
}
