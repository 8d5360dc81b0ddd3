/**
 * The exception reasons of 002 §11.4 and §12, as the platform words them, keyed to plain-word
 * explanations in the message catalogue (cabinets.reasons.*). Matching ignores case, spacing and
 * a trailing full stop; an unknown reason is shown as the platform sent it.
 */
const REASONS: [string, string, 'unfriendly' | 'alert' | 'gravity' | 'visual'][] = [
  ['Block the camera', 'blockCamera', 'unfriendly'],
  ['Replace the goods in the cabinet', 'replaceGoods', 'unfriendly'],
  ['Insert foreign matter', 'foreignMatter', 'unfriendly'],
  ['Malicious destruction of goods', 'destroyGoods', 'unfriendly'],
  ['Cover the product', 'coverProduct', 'unfriendly'],
  ['Long shopping time', 'longShopping', 'unfriendly'],
  ['Suspected merchant replenishment', 'merchantReplenish', 'unfriendly'],
  ['Other abnormal behaviors', 'otherAbnormal', 'unfriendly'],
  ['The video is incomplete or the screen is distorted', 'videoIncomplete', 'alert'],
  ['The product in the device is not replenished', 'notReplenished', 'alert'],
  ['Products are too similar', 'tooSimilar', 'alert'],
  ['The video is too long after closing', 'videoTooLong', 'alert'],
  ['Power outage during purchase', 'powerOutage', 'alert'],
  [
    'The gravity cabinet recognition is abnormal and the gravity data is not uploaded',
    'gravityNoData',
    'gravity',
  ],
  ['Unable to obtain sensor data', 'noSensor', 'gravity'],
  ['Abnormal overweight', 'overweight', 'gravity'],
  ['Open door product snapshot query failed', 'snapshotFailed', 'gravity'],
  [
    'The number of mirrored items is less than the number of identified items',
    'mirrorFewer',
    'gravity',
  ],
  ['Failed to construct the identification request object', 'buildRequest', 'visual'],
  ['Failed to obtain the identification request object', 'getRequest', 'visual'],
  ['Failed to obtain video', 'getVideo', 'visual'],
  ['No video', 'noVideo', 'visual'],
  ['Order item mirror table query failed', 'mirrorQuery', 'visual'],
  ['Failed to identify the platform', 'platformFailed', 'visual'],
];

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.。]\s*$/, '')
    .trim();
const BY_TEXT = new Map(REASONS.map(([text, key, group]) => [norm(text), { key, group }]));

export function reasonKey(text: string | null | undefined) {
  return text ? (BY_TEXT.get(norm(text)) ?? null) : null;
}

/** The platform's everyday replies (a door request, a recognition), keyed to cabinets.platformMessages.*. */
const MESSAGES = new Map<string, string>([
  [norm('Identified successfully'), 'identified'],
  [norm('Open but no shopping'), 'nothingTaken'],
  [norm('Replenishment identified'), 'restockIdentified'],
  [norm('The machine is locked'), 'locked'],
]);

export function platformMessageKey(text: string | null | undefined) {
  return text ? (MESSAGES.get(norm(text)) ?? null) : null;
}
