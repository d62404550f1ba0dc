import { describe, expect, it } from 'vitest';
import { useLatest } from './latest';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('useLatest', () => {
  it('drops the answer of a call that a newer one superseded', async () => {
    const latest = useLatest();
    const older = deferred<string>();
    const newer = deferred<string>();
    const landed: string[] = [];
    const first = latest(older.promise).then((v) => landed.push(v));
    const second = latest(newer.promise).then((v) => landed.push(v));
    newer.resolve('search');
    await second;
    older.resolve('unfiltered list');
    await Promise.race([first, new Promise((r) => setTimeout(r, 20))]);
    expect(landed).toEqual(['search']);
  });
});
