import 'server-only';
import { z } from 'zod';
import { DEFAULT_SIGN_FORM, SIGN_FORMS, SIGN_MODES } from '@/lib/platforms/signing';
import { ROLES } from '@/lib/auth/roles';
import { MIN_PASSWORD_LENGTH } from './password';

export const role = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });
const email = z.email({ error: 'email must be an e-mail address' }).max(200);
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, {
    error: `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  })
  .max(200, { error: 'password must be at most 200 characters' });
const name = z.string().trim().min(1, { error: 'name must not be empty' }).max(100);

export const loginBody = z.strictObject({
  email: z.string().min(1, { error: 'email is required' }).max(200),
  password: z.string().min(1, { error: 'password is required' }).max(200),
});

export const newUserBody = z.strictObject({ email, name, role, password });

export const userChangeBody = z
  .strictObject({
    name: name.optional(),
    role: role.optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { error: 'nothing to change' });

export const newTokenBody = z.strictObject({
  name,
  role,
  /** Days until it expires; omitted: it does not expire. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

const baseUrl = z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL' }).optional();
const account = z.string().trim().min(1).max(100);
const secretText = z.string().min(1).max(500);

export const credentialBody = z.discriminatedUnion('platform', [
  z.strictObject({
    platform: z.literal('smartvending'),
    account,
    key: secretText,
    signMode: z.enum(SIGN_MODES).default(DEFAULT_SIGN_FORM),
    baseUrl,
  }),
  z.strictObject({
    platform: z.literal('saas'),
    account,
    key: secretText,
    secret: secretText,
    baseUrl,
  }),
]);

/** Keep signing with the form a connection test found the platform accepts (D70). */
export const signFormBody = z.strictObject({ signMode: z.enum(SIGN_FORMS) });

/** A client's settings: which `doorState` value means open on its platform (D70). */
export const clientSettingsBody = z.strictObject({
  doorOpen: z.union([z.literal(0), z.literal(1)], { error: 'doorOpen must be 0 or 1' }),
});
