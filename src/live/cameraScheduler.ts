import type { CameraSession } from './cameraSession.js';

/**
 * Decides when browser-camera frames reach the labeller, so the server's own live source keeps its share of the
 * one event loop however many frames clients send. The live source comes first: while it has frames waiting, no
 * camera frame is let in. Otherwise one camera frame is let in per event-loop turn, taken from the sessions in
 * turn (round robin), so one client flooding frames neither starves the source nor the other clients. A session keeps
 * only its newest waiting frame (see CameraSession.push), and the server stops reading a client's socket while its
 * frame waits, so a flood costs neither labelling nor parsing work.
 */
export class CameraScheduler {
  private readonly ready: CameraSession[] = [];
  private readonly onRelease = new Map<CameraSession, () => void>();
  private timer: NodeJS.Immediate | null = null;
  private closed = false;

  /** `sourceBusy`: true while the live source has frames waiting for the labeller. */
  constructor(private readonly sourceBusy: () => boolean = () => false) {}

  /**
   * A session has a frame waiting; it is released on a later turn, then `released` is called (the server resumes
   * reading that client's socket there: until then the client's further frames wait in its own network buffers).
   */
  offer(session: CameraSession, released: () => void): void {
    if (this.closed) return;
    this.onRelease.set(session, released);
    if (!this.ready.includes(session)) this.ready.push(session);
    this.schedule();
  }

  /** Forgets a closed session. */
  remove(session: CameraSession): void {
    const i = this.ready.indexOf(session);
    if (i >= 0) this.ready.splice(i, 1);
    this.onRelease.delete(session);
  }

  close(): void {
    this.closed = true;
    this.ready.length = 0;
    this.onRelease.clear();
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer === null && !this.closed) this.timer = setImmediate(() => this.turn());
  }

  private turn(): void {
    this.timer = null;
    if (this.ready.length === 0) return;
    if (!this.sourceBusy()) {
      const session = this.ready.shift()!;
      const released = this.onRelease.get(session);
      this.onRelease.delete(session);
      session.release();
      released?.();
    }
    if (this.ready.length > 0) this.schedule();
  }
}
