// Only the latest load's answer lands. A page that reloads on every change of
// its address (a search, a page of a list) can have two requests in flight:
// when the older one answers last, it must not overwrite the newer one.
//
//   const latest = useLatest();
//   result.value = await latest(api.listResidents(query));
//
// A superseded call's promise never settles, so the code after its await
// (assignments, `finally`) does not run; the newer call takes over.
export function useLatest(): <T>(call: Promise<T>) => Promise<T> {
  let current = 0;
  return <T>(call: Promise<T>) => {
    const mine = ++current;
    return new Promise<T>((resolve, reject) => {
      call.then(
        (value) => {
          if (mine === current) resolve(value);
        },
        (error: unknown) => {
          if (mine === current) reject(error);
        },
      );
    });
  };
}
