// File names for `import --url --save`: the server's words (a dag_id, say) never choose where a
// file goes. A name is our counter plus a label reduced to [A-Za-z0-9_.-], with no leading dot and
// a bounded length, so it cannot be "..", hidden, absolute, or hold a path separator.
const MAX_LABEL = 80;

export function saveFileName(counter: number, label: string): string {
  let safe = label.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_').slice(0, MAX_LABEL);
  if (safe === '') safe = '_';
  return `${String(counter).padStart(4, '0')}-${safe}.json`;
}
