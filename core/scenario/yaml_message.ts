// A YAML syntax error in the words a scenario author needs: the yaml library's first line without the
// location it appends (the error already carries file:line:column), and plainer words for two codes.
export function yamlMessage(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return 'duplicate key (map keys must be unique)';
  if (code === 'TAG_RESOLVE_FAILED') return `${first} (only plain YAML values are allowed)`;
  return first;
}
