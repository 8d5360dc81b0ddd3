/**
 * Simulated time: runs `speed` times faster than real time from an anchor, can be paused,
 * re-speeded, or jumped forward (tests advance a simulated day in one call).
 */
export class SimClock {
  private anchorSim: number;
  private anchorReal: number;
  private paused = false;

  constructor(
    startSim: number,
    private speed: number,
    private readonly realNow: () => number = () => Date.now() / 1000,
  ) {
    this.anchorSim = startSim;
    this.anchorReal = realNow();
  }

  /** Simulated epoch seconds (fractional). */
  now(): number {
    if (this.paused) return this.anchorSim;
    return this.anchorSim + (this.realNow() - this.anchorReal) * this.speed;
  }

  private reanchor() {
    this.anchorSim = this.now();
    this.anchorReal = this.realNow();
  }

  pause() {
    this.reanchor();
    this.paused = true;
  }

  resume() {
    this.anchorReal = this.realNow();
    this.paused = false;
  }

  setSpeed(speed: number) {
    this.reanchor();
    this.speed = speed;
  }

  advance(seconds: number) {
    this.reanchor();
    this.anchorSim += seconds;
  }

  get state() {
    return { now: Math.floor(this.now()), speed: this.speed, paused: this.paused };
  }
}
