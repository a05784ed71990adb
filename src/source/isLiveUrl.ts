/**
 * Streaming protocols whose sender does not wait for the reader (a camera or encoder pushing in real time):
 * frames that arrive while framewise is busy must be dropped, not queued. http(s) and files can wait.
 */
export function isLiveUrl(input: string): boolean {
  return /^(rtsps?|rtmps?|rtp|srt|udp|tcp|mmsh?|rist):/i.test(input);
}
