/**
 * `fn` over `items` one after another, in order (an async `.map`): the steps share one database
 * connection or transaction, so running them at once gains nothing and would interleave them.
 */
export async function mapSeries<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R> | R,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) out.push(await fn(items[i]!, i));
  return out;
}
