/** A URL's user name and password replaced by "***", so a source can be named in messages and on pages. */
export function redactUrl(input: string): string {
  return input.replace(/^([a-z][a-z0-9+.-]+:\/\/)[^/@?#]*@/i, '$1***@');
}
