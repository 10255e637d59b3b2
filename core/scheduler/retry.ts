// TaskInstance.next_retry_datetime (§4.6): end_date + retry_delay, or with exponential backoff
// delay·2^(try-1) plus Airflow's sha1-derived jitter, capped at a day and by max_retry_delay.
import type { TaskInstanceRecord } from './state/records.js';
import { sha1Hex } from '../util/sha1.js';
import { PyDateTime } from '../templates/py_datetime.js';

const MAX_RETRY_DELAY_S = 86400;

export function nextRetryDatetime(ti: TaskInstanceRecord, endDate: number): number {
  const task = ti.task;
  let delayMs = task.retry_delay_ms;
  if (task.retry_exponential_backoff) {
    // Airflow catches the OverflowError of a huge try number and uses MAX_RETRY_DELAY instead; here
    // the same point shows as a non-finite product (0 × ∞ is NaN, which BigInt refuses).
    const product = Math.ceil((task.retry_delay_ms / 1000) * 2 ** (ti.try_number - 1));
    const minBackoff = Number.isFinite(product) ? Math.max(1, product) : MAX_RETRY_DELAY_S;
    const ld = ti.run.logical_date === null ? 'None' : new PyDateTime(ti.run.logical_date).__py_str__();
    const hash = BigInt('0x' + sha1Hex(`${ti.run.dag.spec.dag_id}#${task.task_id}#${ld}#${ti.try_number}`));
    const modded = minBackoff + Number(hash % BigInt(minBackoff));
    delayMs = Math.min(modded, MAX_RETRY_DELAY_S) * 1000;
    if (task.max_retry_delay_ms !== null) delayMs = Math.min(delayMs, task.max_retry_delay_ms);
  }
  return endDate + delayMs;
}
