import { describe, expect, it } from 'vitest';
import { decide, type Look, type Memory } from './hysteresis';

/** Runs looks through decide as the evaluator would, and says what happened at each. */
function run(looks: Look[], rule = { minS: 600, clearS: 300 }) {
  let open = false;
  let memory: Memory | null = null;
  return looks.map((look) => {
    const { action, memory: next } = decide(open, memory, look, rule);
    memory = next;
    if (action.do === 'open') open = true;
    if (action.do === 'resolve') open = false;
    return action.do === 'open' ? `open@${action.startedAt}` : action.do;
  });
}

const every = (from: number, step: number, holding: (i: number) => boolean, n: number) =>
  Array.from({ length: n }, (_, i) => ({ now: from + i * step, holding: holding(i) }));

describe('hysteresis', () => {
  it('raises nothing for a condition that wobbles in and out faster than its minimum duration', () => {
    const wobble = every(0, 60, (i) => i % 3 !== 2, 60); // two minutes out, one in, for an hour
    expect(run(wobble)).not.toContain(expect.stringMatching(/^open/));
    expect(run(wobble).every((a) => a === 'nothing')).toBe(true);
  });

  it('raises a sustained condition once, dated from its first look, after its minimum duration', () => {
    const out = run(every(1000, 60, () => true, 15));
    expect(out.filter((a) => a.startsWith('open'))).toEqual(['open@1000']);
    expect(out.indexOf('open@1000')).toBe(10); // 600 s after the first look
    expect(out.slice(11).every((a) => a === 'update')).toBe(true);
  });

  it('dates it from the start the data gives, and raises at once when that is long enough ago', () => {
    expect(run([{ now: 5000, holding: true, since: 4000 }])).toEqual(['open@4000']);
    expect(run([{ now: 5000, holding: true, since: 4900 }])).toEqual(['nothing']);
  });

  it('raises at once with a minimum duration of 0', () => {
    expect(run([{ now: 10, holding: true }], { minS: 0, clearS: 0 })).toEqual(['open@10']);
  });

  it('does not flap: an open alert resolves only after staying clear for the clear duration', () => {
    const looks: Look[] = [
      { now: 0, holding: true, since: 0 },
      { now: 700, holding: true, since: 0 },
      { now: 760, holding: false }, // clear for a minute…
      { now: 820, holding: true, since: 0 }, // …and back: the alert stays open
      { now: 880, holding: false },
      { now: 1000, holding: false },
      { now: 1180, holding: false }, // clear for 300 s since 880
      { now: 1240, holding: false },
    ];
    expect(run(looks)).toEqual([
      'nothing',
      'open@0',
      'nothing',
      'update',
      'nothing',
      'nothing',
      'resolve',
      'nothing',
    ]);
  });

  it('forgets a condition that ended before it raised', () => {
    const first = decide(false, null, { now: 0, holding: true }, { minS: 600, clearS: 0 });
    expect(first.memory).toEqual({ firstSeenAt: 0, clearSince: null });
    const gone = decide(false, first.memory, { now: 60, holding: false }, { minS: 600, clearS: 0 });
    expect(gone).toEqual({ action: { do: 'nothing' }, memory: null });
    // Seen again later, it starts over.
    const again = decide(false, gone.memory, { now: 700, holding: true }, { minS: 600, clearS: 0 });
    expect(again.action).toEqual({ do: 'nothing' });
  });
});
