import type { getRefill } from '@/db/queries/refills';

type Refill = NonNullable<Awaited<ReturnType<typeof getRefill>>>;

/** A settlement in §8.1's own shape: machine paySales, and shelfPaySales with theirs. */
export function refillView({ settlement, shelves, sales }: Refill) {
  const pay = (shelfId: number | null) =>
    sales
      .filter((s) => s.refillShelfId === shelfId)
      .map(({ name, sales: amount, units }) => ({ name, sales: amount, units }));
  return {
    ...settlement,
    paySales: pay(null),
    shelfPaySales: shelves.map(({ id, settlementId: _s, ...shelf }) => ({
      ...shelf,
      paySales: pay(id),
    })),
  };
}
