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
    /**
     * Never past the wall clock: a twin started behind it runs `speed` times faster until it has
     * caught up, then in real time (the demo: the app does not believe a time ahead of its
     * receipt, docs/decisions.md D71).
     */
    private readonly notAfterRealTime = false,
  ) {
    this.anchorSim = startSim;
    this.anchorReal = realNow();
  }

  /** Simulated epoch seconds (fractional). */
  now(): number {
    const sim = this.paused
      ? this.anchorSim
      : this.anchorSim + (this.realNow() - this.anchorReal) * this.speed;
    return this.notAfterRealTime ? Math.min(sim, this.realNow()) : sim;
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
