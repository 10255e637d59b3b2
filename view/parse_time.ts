// Output instants as epoch ms, read fast: laying out 100k runs is dominated by this parse.

/** Epoch ms of an output instant; NaN for null. The output's own format ("YYYY-MM-DDTHH:MM:SS[.fff]Z")
 * is read directly (Date.parse dominates laying out 100k runs); anything else goes to Date.parse. */
export function parseTime(iso: string | null | undefined): number {
  if (iso === null || iso === undefined || iso === '') return NaN;
  const n = iso.length;
  if (n >= 20 && iso.charCodeAt(n - 1) === 90 && iso.charCodeAt(10) === 84 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58) {
    let ok = true;
    const d = (i: number): number => { const c = iso.charCodeAt(i) - 48; if (c < 0 || c > 9) ok = false; return c; };
    const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const mo = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    const h = d(11) * 10 + d(12);
    const mi = d(14) * 10 + d(15);
    const se = d(17) * 10 + d(18);
    let ms = 0;
    if (n > 20) {
      if (iso.charCodeAt(19) !== 46) ok = false;
      let f = 100;
      for (let i = 20; i < n - 1; i++) { ms += d(i) * f; f /= 10; }
    }
    if (ok && mo >= 1 && mo <= 12 && day >= 1 && day <= 31 && h < 24 && mi < 60 && se < 60) {
      return ((daysFromCivil(y, mo, day) * 24 + h) * 60 + mi) * 60_000 + se * 1000 + Math.round(ms);
    }
  }
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
