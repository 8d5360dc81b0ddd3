import fc from 'fast-check';
import { rawEntries, signEntries } from '@/lib/platforms/signing';
import { nested } from './hostile';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from './messages';

/**
 * Random and mutated messages for every receiver, for the property tests (issue 16): valid
 * messages first, then fields replaced by values of every type and size, removed, nested deep
 * or made wide, nonces of every JSON type, bytes that are not UTF-8; some signed again, some
 * keeping a signature that no longer matches, some redelivered or replayed.
 */
export type Receiver = 'device' | 'trade' | 'status' | 'refill' | 'check' | 'use' | 'callback';
export const PUSHES = ['device', 'trade', 'status', 'refill'] as const;

export interface World {
  clientId: string;
  key: string;
  /** Pickup codes issued before the run. */
  codes: readonly string[];
  /** A cabinet order whose callbacks are sent (callback receiver only). */
  orderId?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Payload = Record<string, Json>;

const ASSETS = ['PB-1', 'PB-2', 'PB-3'];
const asset = fc.constantFrom(...ASSETS);
const time = fc.integer({ min: 1_735_000_000, max: 1_760_000_000 });

/** Valid payloads (without envelope) of each receiver. */
function base(receiver: Receiver, world: World): fc.Arbitrary<Payload> {
  switch (receiver) {
    case 'device':
      return asset.map((a) => deviceMessage(a) as unknown as Payload);
    case 'trade':
      return fc
        .record({
          id: fc.constantFrom('pt1', 'pt2', 'pt3', 'pt4'),
          a: asset,
          price: fc.constantFrom('300', 150, 0, '100000000'),
          count: fc.constantFrom('1', 2, 1000),
          payStatus: fc.constantFrom(0, 1, 2, '1', 3),
          refundStatus: fc.constantFrom('0', 1, 2, 4),
          payStyle: fc.constantFrom('2', 4, 8, 23),
          t: time,
        })
        .map(({ id, a, t, ...o }) => {
          const refundFee = o.refundStatus === 2 ? '100' : '0';
          return tradeMessage(id, a, { ...o, refundFee, payTime: t, createTime: t - 30 });
        });
    case 'status':
      return fc
        .record({
          a: asset,
          online: fc.constantFrom(0, 1, -1, '0'),
          doorState: fc.constantFrom(0, 1),
          coin5Count: fc.nat(300),
          shelvesState: fc.array(
            fc.record({ shelvesId: fc.constantFrom('1', '2', '3'), state: fc.constantFrom(0, 1) }),
            { maxLength: 4 },
          ),
          vendingFault: fc.array(fc.record({ cid: asset, pcode: fc.constantFrom('E1', 'E2') }), {
            maxLength: 2,
          }),
        })
        .map(({ a, ...o }) => statusMessage(a, o) as Payload);
    case 'refill':
      return fc.tuple(asset, time).map(([a, t]) => refillMessage(a, t) as unknown as Payload);
    case 'check':
      return fc
        .record({ code: fc.constantFrom(...world.codes, '0000000', 1234567), assetId: asset })
        .map((o) => o as Payload);
    case 'use':
      return fc.constantFrom(...world.codes, '7654321').map((code) => ({ code }));
    case 'callback':
      return fc
        .record({
          Action: fc.constantFrom(
            'OpenedDoor',
            'ClosedDoor',
            'OrderDetected',
            'OrderSettlement',
            'Cancel',
          ),
          Status: fc.constantFrom<Json>(true, 'True', false, 1),
          Data: fc.constantFrom<Json>(
            '',
            {
              TradeProcessMode: 0,
              TradeProductModels: [{ Id: 'c1', BuyCount: 2, MeterType: 1, Price: 3.5 }],
            },
            JSON.stringify({ TradeProductModels: [{ Id: 'c1', BuyCount: '1', Price: '3.50' }] }),
          ),
        })
        .map((o) => ({ OrderId: world.orderId ?? '', OrderNo: 'SO-1', ...o }));
  }
}

/** Values of every JSON type and of sizes no field expects. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    '',
    true,
    false,
    0,
    -1,
    1,
    7,
    1000,
    1001,
    1e9,
    9007199254740991,
    -9007199254740991,
    1e21,
    0.5,
    '１２３',
    ' 12 ',
    '1e3',
    'NaN',
    '\u0000',
    '[[',
    'yesterday',
    12345678901234567890,
    [],
    {},
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

type Mutation =
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'deepen'; at: number; depth: number }
  | { op: 'widen'; at: number; n: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deepen' as const),
      at: fc.nat(),
      depth: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(10_000)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('widen' as const),
      at: fc.nat(),
      n: fc.constantFrom(50, 10_001),
    }),
  },
);

/** Every place in a value a mutation can touch: [parent, key] pairs, depth first. */
function places(value: Json, out: [Record<string, Json> | Json[], string | number][] = []) {
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push([value, i]);
      places(v, out);
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push([value, k]);
      places(v, out);
    }
  return out;
}

const DEEP = '\u0001nested 10,000 deep\u0001';

/** JSON text of a payload; a DEEP placeholder becomes 10,000 nested arrays. */
const text = (p: Payload) => JSON.stringify(p).replaceAll(JSON.stringify(DEEP), nested(10_000));

/** Signs an object's text as it stands (§12 over the members' raw text): `sign` appended. */
function signed(objectText: string, key: string) {
  const sign = signEntries(rawEntries(objectText), key, 'ampersand');
  return `${objectText.slice(0, -1)},"sign":"${sign}"}`;
}

function mutate(payload: Payload, mutations: Mutation[]): Payload {
  const copy = structuredClone(payload);
  for (const m of mutations) {
    const all = places(copy);
    if (!all.length) break;
    const [parent, key] = all[m.at % all.length]!;
    const slot = parent as Record<string | number, Json>;
    if (m.op === 'set') slot[key] = m.value;
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete slot[key];
    } else if (m.op === 'deepen') {
      let v = slot[key]!;
      // Deeper than JSON.stringify can go: written into the text after it (serialised below).
      if (m.depth > 100) v = DEEP;
      else for (let i = 0; i < m.depth; i++) v = [v];
      slot[key] = v;
    } else slot[key] = Array.from({ length: m.n }, () => 0);
  }
  return copy;
}

const BAD_BYTES = [
  [0xff],
  [0xc0, 0x80],
  [0xe7, 0xbb],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

export interface Step {
  receiver: Receiver;
  /** What goes on the wire. */
  body: string | Buffer;
  /** The callback token (callbacks only): right or wrong. */
  token?: 'right' | 'wrong';
  /** The nonce given, to replay it in a later step. */
  nonce?: Json;
  payload?: Payload;
}

interface Recipe {
  payload: Payload;
  mutations: Mutation[];
  nonce: Json | undefined;
  sign: 'resign' | 'stale' | 'missing' | 'garbage' | 'wrong-key';
  encoding: { at: number; bytes: number[] } | null;
  token: 'right' | 'wrong';
}

function recipe(receiver: Receiver, world: World): fc.Arbitrary<Recipe> {
  return fc.record({
    payload: base(receiver, world),
    mutations: fc.oneof(
      { weight: 2, arbitrary: fc.constant<Mutation[]>([]) },
      { weight: 5, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
    ),
    nonce: fc.oneof(
      {
        weight: 6,
        arbitrary: fc.string({
          unit: fc.constantFrom(...'0123456789abcdef'),
          minLength: 8,
          maxLength: 24,
        }),
      },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) as fc.Arbitrary<Json> },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Json | undefined>(undefined, '', null, 1.5, true, [1]),
      },
    ),
    sign: fc.oneof(
      { weight: 6, arbitrary: fc.constant('resign' as const) },
      { weight: 4, arbitrary: fc.constantFrom('stale', 'missing', 'garbage', 'wrong-key') },
    ),
    encoding: fc.oneof(
      { weight: 7, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record({ at: fc.nat(), bytes: fc.constantFrom(...BAD_BYTES) }) },
    ),
    token: fc.constantFrom('right', 'right', 'right', 'wrong'),
  });
}

function serialise(receiver: Receiver, world: World, r: Recipe, nonce: Json | undefined): Step {
  const mutated = mutate(r.payload, r.mutations);
  let out: string;
  if (receiver === 'callback') out = text(mutated);
  else {
    const field = receiver === 'check' || receiver === 'use' ? 'nonceStr' : 'nonce_str';
    const envelope = (p: Payload): Payload => ({
      clientId: world.clientId,
      ...(nonce !== undefined && { [field]: nonce }),
      ...p,
    });
    const key = r.sign === 'wrong-key' ? 'not-the-key' : world.key;
    const unsigned = text(envelope(mutated));
    if (r.sign === 'stale') {
      const stale = /"sign":"(\w+)"/.exec(signed(text(envelope(r.payload)), key))![1];
      out = `${unsigned.slice(0, -1)},"sign":"${stale}"}`;
    } else if (r.sign === 'missing') out = unsigned;
    else if (r.sign === 'garbage') out = `${unsigned.slice(0, -1)},"sign":"${'E'.repeat(32)}"}`;
    else out = signed(unsigned, key);
  }
  let body: string | Buffer = out;
  if (r.encoding) {
    const bytes = Buffer.from(out);
    const at = r.encoding.at % (bytes.length + 1);
    body = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from(r.encoding.bytes),
      bytes.subarray(at),
    ]);
  }
  return { receiver, body, token: r.token, nonce, payload: mutated };
}

/**
 * Sequences of one to four messages to `receivers`: fresh ones, exact redeliveries of an
 * earlier one, and fresh ones reusing an earlier one's nonce (replays).
 */
export function stepsFor(receivers: readonly Receiver[], world: World): fc.Arbitrary<Step[]> {
  const fresh = fc
    .constantFrom(...receivers)
    .chain((receiver) => recipe(receiver, world).map((r) => ({ receiver, r })));
  const item = fc.oneof(
    { weight: 6, arbitrary: fresh.map((f) => ({ kind: 'fresh' as const, ...f })) },
    { weight: 1, arbitrary: fc.nat().map((of) => ({ kind: 'again' as const, of })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.nat(), fresh).map(([of, f]) => ({ kind: 'reuse' as const, of, ...f })),
    },
  );
  return fc.array(item, { minLength: 1, maxLength: 4 }).map((items) => {
    const steps: Step[] = [];
    for (const it of items) {
      const earlier = steps.length
        ? steps[it.kind === 'fresh' ? 0 : it.of % steps.length]
        : undefined;
      if (it.kind === 'again' && earlier) steps.push(earlier);
      else if (it.kind === 'reuse' && earlier)
        steps.push(serialise(it.receiver, world, it.r, earlier.nonce ?? it.r.nonce));
      else if (it.kind !== 'again') steps.push(serialise(it.receiver, world, it.r, it.r.nonce));
    }
    return steps;
  });
}
