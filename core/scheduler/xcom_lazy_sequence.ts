// Airflow 2.11's xcom_pull of a mapped task (one task_id, no map_indexes) returns a
// LazyXComSelectSequence, not a list (A2.11/models/taskinstance.py:_xcom_pull, 636-646); Jinja prints
// it as "LazySelectSequence([3 items])" (A2.11/utils/db.py:2039-2045), as the oracle showed. It still
// iterates and has a length, so it is a list here that prints as Airflow's does.
export function lazySelectSequence(values: readonly unknown[]): unknown[] {
  const seq = [...values];
  const text = `LazySelectSequence([${seq.length} ${seq.length === 1 ? 'item' : 'items'}])`;
  Object.defineProperty(seq, '__py_str__', { value: () => text, enumerable: false });
  return seq;
}
