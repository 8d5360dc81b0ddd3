import { describe, expect, it } from 'vitest';
import { checkWorkers, registerWorker } from './liveness';
import { onShutdown, runShutdownHooks } from './shutdown';

describe('the worker registry /readyz reads', () => {
  it('reports a worker stuck once its last beat is older than its interval', () => {
    const live = registerWorker('test-evaluator', 1000);
    const mine = (now: number) => checkWorkers(now).find((c) => c.name === 'worker:test-evaluator');
    const t = Date.now();
    expect(mine(t + 500)).toMatchObject({ ok: true });
    expect(mine(t + 5000)).toMatchObject({
      ok: false,
      detail: 'no beat for 5 s (expected within 1 s)',
    });
    live.beat();
    expect(mine(Date.now() + 500)).toMatchObject({ ok: true });
    live.stop();
    expect(mine(Date.now())).toBeUndefined();
  });
});

describe('shutdown hooks', () => {
  it('runs every hook, awaits them, and names the ones that failed', async () => {
    const ran: string[] = [];
    onShutdown('a', async () => {
      await new Promise((r) => setTimeout(r, 10));
      ran.push('a');
    });
    onShutdown('b', () => {
      throw new Error('b broke');
    });
    const removed = onShutdown('c', () => ran.push('c'));
    removed();
    const logged: string[] = [];
    expect(await runShutdownHooks((name) => logged.push(name))).toEqual(['b']);
    expect(ran).toEqual(['a']);
    expect(logged).toEqual(['b']);
    // Each runs once: a second shutdown has nothing left.
    expect(await runShutdownHooks(() => undefined)).toEqual([]);
  });
});
