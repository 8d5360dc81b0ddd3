import fs from 'node:fs';

/** Prometheus text: the value of the sample `name{labels}` (labels in the order printed), or 0. */
export function sample(text: string, name: string, labels: Record<string, string> = {}) {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const head = want ? `${name}{${want}}` : name;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    if (line.slice(0, space) === head) return Number(line.slice(space + 1));
  }
  return 0;
}

/** The JSON lines of a log file, once `until` holds for one of them (logging is asynchronous). */
export async function logLines(
  file: string,
  until: (line: Record<string, unknown>) => boolean,
): Promise<{ lines: Record<string, unknown>[]; text: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (lines.some(until)) return { lines, text };
    if (Date.now() > deadline) throw new Error(`no such log line in ${file}:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a process still runs (a zombie counts as gone). */
export function alive(pid: number) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, withinMs: number) {
  const deadline = Date.now() + withinMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
