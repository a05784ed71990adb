/** True for network inputs (rtsp://, udp://, http(s)://, tcp://, ...): they skip file-system checks. */
export function isUrlInput(input: string): boolean {
  // Two or more letters before "://": keeps Windows drive paths ("C:\\...") out.
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(input);
}
