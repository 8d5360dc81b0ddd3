import { Rng } from '../rng';

/** The SAAS twin's seeded streams, apart from the vending fleet's. */
export function stream(seed: number, ...labels: (string | number)[]): Rng {
  return Rng.derive(seed, 'saas', ...labels);
}
