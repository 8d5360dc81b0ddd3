/**
 * Quiet hours in the fleet's time zone: `from`–`to` in minutes of the local day, spanning
 * midnight when `to` ≤ `from` (22:00–07:00). Answers when the quiet hours that hold at `now`
 * end (epoch seconds), or null when `now` is not in them.
 */
export function quietUntil(
  q: { from: number; to: number } | null,
  now: number,
  timeZone: string,
): number | null {
  if (!q) return null;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now * 1000));
  const part = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const minute = part('hour') * 60 + part('minute');
  const inside =
    q.from < q.to ? minute >= q.from && minute < q.to : minute >= q.from || minute < q.to;
  if (!inside) return null;
  // Whole minutes to the end, from the start of this minute. A daylight-saving change inside
  // the window shifts the end by its hour once (the fleet's zone, Asia/Shanghai, has none).
  const ahead = (q.to - minute + 1440) % 1440;
  return now - part('second') + ahead * 60;
}
