/** Longest message line kept: a stranger's 10,000-character label name should not fill the terminal. */
const MAX_CHARS = 400;

/**
 * A message that quotes strangers' data (names from a model or truth file) as one line: control characters (line
 * breaks, escape sequences that would drive the terminal) are shown escaped, and the whole is cut to a readable length.
 */
export function oneLine(text: string, max = MAX_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
