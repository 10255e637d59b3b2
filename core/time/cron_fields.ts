// Cron expressions as croniter (Airflow's cron library) reads them: Airflow's presets, croniter's
// own aliases, the field syntax it accepts, and the exact messages it raises, which Airflow passes
// through unchanged as AirflowTimetableInvalid. Expansion yields value sets per field; the stepping
// over those sets lives in cron_naive.ts.

/** airflow/utils/dates.py cron_presets (checked before croniter sees the text; case-sensitive). */
export const CRON_PRESETS: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@quarterly': '0 0 1 */3 *',
  '@yearly': '0 0 1 1 *',
};

/** croniter's own aliases, matched case-insensitively (so "@midnight", "@annually", "@Daily" work too). */
const CRONITER_ALIASES: Readonly<Record<string, string>> = {
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

/** What Airflow stores as the expression (and shows as the summary): presets expanded, else as written. */
export function expandPreset(expr: string): string {
  return CRON_PRESETS[expr] ?? expr;
}

const MINUTE = 0, HOUR = 1, DOM = 2, MONTH = 3, DOW = 4;
const RANGES: readonly (readonly [number, number])[] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];
const LEN_MEANS_ALL = [60, 24, 31, 12, 7];
const MONTH_NAMES: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DOW_NAMES: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const WEEKDAYS = Object.keys(DOW_NAMES).join('|');
const MONTHS = Object.keys(MONTH_NAMES).join('|');
const SPECIAL_DOW = new RegExp(`^(?:((?:(?:${WEEKDAYS})(?:-(?:${WEEKDAYS}))?)|(?:(?:${MONTHS})(?:-(?:${MONTHS}))?)|\\w+)#|(l))(\\d+)$`);
const STEP_SEARCH = /^([^-]+)-([^-/]+)(\/(\d+))?$/;
const ONLY_INT = /^\d+$/;
const STAR_OR_INT = /^(\d+|\*)$/;
const HASH_EXPR = /^(h|r)(\((\d+)-(\d+)\))?(\/(\d+))?$/;

/** Thrown with croniter's message (or a Windtunnel one for syntax the simulator does not model). */
export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}

type Token = number | 'l' | '*';

/** One expanded field. `star` mirrors croniter's `expanded[i][0] == "*"`; `exactStar` its `== ["*"]`. */
export interface CronField {
  star: boolean;
  exactStar: boolean;
  /** Allowed values (index = value), meaningful when !star. */
  allowed: boolean[];
  /** Day-of-month "L": the month's last day. */
  last: boolean;
}

export interface CronFields {
  minute: CronField;
  hour: CronField;
  dom: CronField;
  month: CronField;
  dow: CronField;
  /** croniter's nth_weekday_of_month: weekday → occurrences (1-5, or 'l' for the last one). */
  nth: Map<number, Set<number | 'l'>>;
}

/** Python's repr of the small values that appear in croniter's messages. */
function pyRepr(v: number | string): string {
  return typeof v === 'number' ? String(v) : `'${v}'`;
}

function alphaconv(field: number, key: string, expressions: string[]): number | 'l' {
  const table: Readonly<Record<string, number | 'l'>> = field === MONTH ? MONTH_NAMES : field === DOW ? DOW_NAMES : field === DOM ? { l: 'l' } : {};
  const v = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  if (v === undefined) throw new CronSyntaxError(`[${expressions.join(' ')}] is not acceptable`);
  return v;
}

/** croniter's LOWMAP for five-field crons: only day-of-week 7 means Sunday. */
function valueAlias(v: number, field: number): number {
  return field === DOW && v === 7 ? 0 : v;
}

function pyRange(start: number, stop: number, step: number): number[] {
  if (step === 0) throw new CronSyntaxError('invalid range: range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

function expandField(exprFormat: string, expressions: string[], field: number, raw: string, nth: Map<number, Set<number | 'l'>>): Token[] {
  let expr = raw;
  if (HASH_EXPR.test(expr)) {
    if (expr.startsWith('h')) throw new CronSyntaxError('Hashed definitions must include hash_id');
    throw new CronSyntaxError(`[${exprFormat}] uses croniter's random 'R' syntax, which Windtunnel does not simulate (each parse would pick a new value)`);
  }
  if (expr.includes('?')) {
    if (expr !== '?') throw new CronSyntaxError(`[${exprFormat}] is not acceptable. Question mark can not used with other characters`);
    if (field !== DOM && field !== DOW) throw new CronSyntaxError(`[${exprFormat}] is not acceptable. Question mark can only used in day_of_month or day_of_week`);
    expr = '*';
  }
  const [lo, hi] = RANGES[field]!;
  // croniter pops elements off the end and pushes range expansions back; order only matters for
  // which error is reported first, so the same order is kept.
  const stack: (string | number)[] = expr.split(',');
  const res: Token[] = [];
  while (stack.length > 0) {
    let e: string | number = stack.pop()!;
    let nthValue: number | 'l' | null = null;
    if (field === DOW) {
      const sm = SPECIAL_DOW.exec(String(e));
      if (sm) {
        if (sm[1] !== undefined) {
          e = sm[1];
          const n = Number(sm[3]);
          if (!(n >= 1 && n <= 5)) throw new CronSyntaxError(`[${exprFormat}] is not acceptable. Invalid day_of_week value: '${n}'`);
          nthValue = n;
        } else {
          e = sm[3]!;
          nthValue = 'l';
        }
      }
    }
    let t = String(e).replace(/^\*(\/.+)$/, `${lo}-${hi}$1`);
    let m = STEP_SEARCH.exec(t);
    if (!m) {
      t = String(e).replace(/^(.+)\/(.+)$/, `$1-${hi}/$2`);
      m = STEP_SEARCH.exec(t);
    }
    if (m) {
      let low = m[1]!;
      let high = m[2]!;
      const step = m[4] === undefined ? 1 : Number(m[4]);
      if (field === DOM && high === 'l') high = '31';
      if (!ONLY_INT.test(low)) low = String(alphaconv(field, low, expressions));
      if (!ONLY_INT.test(high)) high = String(alphaconv(field, high, expressions));
      for (const band of [low, high]) {
        if (!ONLY_INT.test(band)) throw new CronSyntaxError(`[${exprFormat}] bands '${low}-${high}' in field ${field} are not acceptable`);
      }
      const l = valueAlias(Number(low), field);
      const h = valueAlias(Number(high), field);
      if (Math.max(l, h) > Math.max(lo, hi)) throw new CronSyntaxError(`${exprFormat} is out of bands`);
      let rng: number[];
      if (l > h) {
        // A range that wraps (e.g. FRI-MON, 22-2): to the end of the field, then from its start,
        // continuing the step across the wrap.
        rng = pyRange(l, hi + 1, step);
        let toSkip = 0;
        if (rng.length > 0) {
          const lastValue = rng[rng.length - 1]!;
          const alreadySkipped = hi - lastValue;
          const curpos = lastValue - lo;
          if (curpos + step > hi - lo + 1 && alreadySkipped < step) toSkip = step - alreadySkipped;
        }
        rng = rng.concat(pyRange(lo + toSkip, h + 1, step));
      } else if (l === h) {
        rng = pyRange(lo, hi + 1, step); // croniter reads "5-5" (or "SUN-SUN") as the whole cycle
      } else {
        rng = pyRange(l, h + 1, step);
      }
      const items: (string | number)[] = field === DOW && nthValue !== null && nthValue !== 'l' ? rng.map((v) => `${v}#${nthValue}`) : rng;
      for (const a of items) if (!stack.includes(a)) stack.push(a);
    } else {
      if (t.startsWith('-')) throw new CronSyntaxError(`[${exprFormat}] is not acceptable, negative numbers not allowed`);
      let tok: Token;
      if (!STAR_OR_INT.test(t)) tok = alphaconv(field, t, expressions);
      else tok = t === '*' ? '*' : Number(t);
      if (typeof tok === 'number') tok = valueAlias(tok, field);
      if (typeof tok === 'number' && (tok < lo || tok > hi)) throw new CronSyntaxError(`[${exprFormat}] is not acceptable, out of range`);
      res.push(tok);
      if (field === DOW && nthValue !== null && typeof tok === 'number') {
        let set = nth.get(tok);
        if (!set) nth.set(tok, (set = new Set()));
        set.add(nthValue);
      }
    }
  }
  const unique: Token[] = [];
  for (const v of res) if (!unique.includes(v)) unique.push(v);
  if (unique.length === LEN_MEANS_ALL[field]) {
    // croniter keeps a full day list when the other day field is restricted, so that the
    // day-of-month/day-of-week OR still applies.
    const keep = (field === DOM && !expressions[DOW]!.includes('*')) || (field === DOW && !expressions[DOM]!.includes('*'));
    if (!keep) return ['*'];
  }
  return unique;
}

function toField(tokens: Token[], field: number): CronField {
  const [, hi] = RANGES[field]!;
  const allowed = new Array<boolean>(hi + 1).fill(false);
  let star = false, last = false;
  for (const t of tokens) {
    if (t === '*') star = true;
    else if (t === 'l') last = true;
    else allowed[t] = true;
  }
  return { star, exactStar: tokens.length === 1 && tokens[0] === '*', allowed, last };
}

const compiled = new Map<string, CronFields | CronSyntaxError>();

/**
 * Expand a cron expression (Airflow preset, croniter alias or five fields) into value sets, or
 * throw CronSyntaxError with croniter's message. Results are cached by expression.
 */
export function compileCron(expression: string): CronFields {
  let c = compiled.get(expression);
  if (c === undefined) {
    try {
      c = compileUncached(expression);
    } catch (e) {
      if (!(e instanceof CronSyntaxError)) throw e;
      c = e;
    }
    compiled.set(expression, c);
  }
  if (c instanceof CronSyntaxError) throw c;
  return c;
}

function compileUncached(expression: string): CronFields {
  const exprFormat = expandPreset(expression);
  let efl = exprFormat.toLowerCase();
  efl = CRONITER_ALIASES[efl] ?? efl;
  const expressions = efl.split(/\s+/).filter((s) => s.length > 0);
  if (expressions.length !== 5 && expressions.length !== 6 && expressions.length !== 7) {
    throw new CronSyntaxError('Exactly 5, 6 or 7 columns has to be specified for iterator expression.');
  }
  if (expressions.length !== 5) {
    throw new CronSyntaxError(`[${exprFormat}] has ${expressions.length} fields: croniter would read seconds${expressions.length === 7 ? ' and years' : ''}, which Windtunnel does not simulate (use five fields)`);
  }
  const nth = new Map<number, Set<number | 'l'>>();
  const tokens = expressions.map((raw, i) => expandField(exprFormat, expressions, i, raw, nth));
  if (nth.size > 0) {
    const dowTokens = tokens[DOW]!;
    const literal = dowTokens.filter((v) => v !== '*' && !(typeof v === 'number' && nth.has(v)));
    if (literal.length > 0 && new Set(dowTokens).size !== LEN_MEANS_ALL[DOW]) {
      const nthRepr = [...nth].map(([k, v]) => `${k}: {${[...v].map(pyRepr).join(', ')}}`).join(', ');
      throw new CronSyntaxError(`day-of-week field does not support mixing literal values and nth day of week syntax.  Cron: '${exprFormat}'    dow={${literal.map(pyRepr).join(', ')}} vs nth={${nthRepr}}`);
    }
  }
  const fields: CronFields = {
    minute: toField(tokens[MINUTE]!, MINUTE),
    hour: toField(tokens[HOUR]!, HOUR),
    dom: toField(tokens[DOM]!, DOM),
    month: toField(tokens[MONTH]!, MONTH),
    dow: toField(tokens[DOW]!, DOW),
    nth,
  };
  if (!canEverMatch(fields)) {
    // croniter accepts this, then raises "failed to find next date" on first use; Airflow would
    // fail when scheduling. Rejecting it up front gives the same verdict earlier.
    throw new CronSyntaxError(`[${exprFormat}] never matches a date: failed to find next date`);
  }
  return fields;
}

/** False only when a day-of-month list cannot occur in any allowed month (e.g. 30 February). */
function canEverMatch(f: CronFields): boolean {
  if (!f.dow.star || f.dom.star || f.dom.last) return true;
  const maxDays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  for (let month = 1; month <= 12; month++) {
    if (!f.month.star && !f.month.allowed[month]) continue;
    for (let d = 1; d <= maxDays[month - 1]!; d++) if (f.dom.allowed[d]) return true;
  }
  return false;
}

/**
 * Airflow's CronMixin.validate(): null when croniter accepts the expression, else its message
 * (e.g. "[0 0 1 13 0] is not acceptable, out of range").
 */
export function validateCron(expression: string): string | null {
  try {
    compileCron(expression);
    return null;
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.message;
    throw e;
  }
}
