/** The signing forms, apart from the hashing (lib/platforms/signing.ts), so the browser can list them. */

/**
 * The four forms met in the wild (docs/decisions.md D70): the key appended bare (seed 000 §12's
 * own text and example, the vendor's signer) or as `&key=` (the platform's other documents),
 * the hex in lower or upper case. The vendor's own, bare + lowercase, is what we send by default.
 */
export const SIGN_FORMS = ['bare-lower', 'bare-upper', 'amp-lower', 'amp-upper'] as const;
export type SignForm = (typeof SIGN_FORMS)[number];
export const DEFAULT_SIGN_FORM: SignForm = 'bare-lower';

/**
 * The names used before the four forms, still read wherever a form is configured: both
 * uppercased the hex, so `ampersand` is amp-upper and `bare` is bare-upper.
 */
export const LEGACY_SIGN_MODES = { ampersand: 'amp-upper', bare: 'bare-upper' } as const;
export type SignMode = SignForm | keyof typeof LEGACY_SIGN_MODES;
export const SIGN_MODES = [...SIGN_FORMS, 'ampersand', 'bare'] as const satisfies SignMode[];

/** The form a configured mode names (an old name read as what it meant); default bare-lower. */
export function signFormOf(mode: SignMode | null | undefined): SignForm {
  if (!mode) return DEFAULT_SIGN_FORM;
  return mode in LEGACY_SIGN_MODES
    ? LEGACY_SIGN_MODES[mode as keyof typeof LEGACY_SIGN_MODES]
    : (mode as SignForm);
}
