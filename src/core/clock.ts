/**
 * The server's notion of "now". Everything that expires (sessions,
 * presigned URLs, MFA windows) asks this clock, so tests can move it forward.
 * Signature skew is checked against real time instead (see auth/), so a
 * moved clock never makes a real client's fresh signature look stale.
 */
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Move forward (or back) by the given number of seconds. */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  setOffsetSeconds(seconds: number): void {
    this.offsetMs = seconds * 1000;
  }

  /** Real wall time, for signature skew. */
  static realNow(): Date {
    return new Date();
  }
}

/** AWS's ISO-8601 form without milliseconds: 2026-01-02T03:04:05Z. */
export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
