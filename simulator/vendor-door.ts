/**
 * `doorState` as the vendor's own code sends it (issue 17; D70): 1 = open, 0 = closed, the
 * reverse of seed 000's table. The twin keeps its own state in the seed's terms and turns it
 * round only on the way out, with `vendorQuirks`; −1 (unknown) is the same either way.
 */
export function vendorDoorState<P extends Record<string, unknown>>(payload: P): P {
  const door = payload.doorState;
  if (door !== 0 && door !== 1) return payload;
  return { ...payload, doorState: door === 0 ? 1 : 0 };
}
