/**
 * Every URL's user name and password in `text` replaced by "***", so a source can be named in messages, logs and
 * on pages: a URL by itself, or a message or ffmpeg line that contains one. The user part ends at the last `@`
 * before the host (a password may itself hold an `@`).
 */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1***@');
}
