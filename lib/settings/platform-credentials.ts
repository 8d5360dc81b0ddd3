import 'server-only';
import type { Db } from '@/db/client';
import {
  deleteCredential,
  findCredential,
  getCredential,
  listCredentials,
  setCredentialSignMode,
  upsertCredential,
  type CredentialRow,
} from '@/db/queries/settings';
import type { Platform } from '@/db/schema/admin';
import { inTransaction } from '@/db/prepared';
import type { Caller } from '@/lib/edge/caller';
import { ApiError } from '@/lib/edge/errors';
import { audit } from '@/lib/admin/audit';
import { getConfig } from '@/lib/config';
import { invalidateCredentials } from '@/lib/settings/credentials';
import { signFormOf, type SignForm, type SignMode } from '@/lib/platforms/signing';
import { testSaas, testSmartVending, type ConnectionResult } from './connection-test';
import { open, seal } from './secretbox';

/** A stored credential as the API shows it: which account, never the secret. */
export function credentialView(r: CredentialRow) {
  return {
    id: r.id,
    platform: r.platform,
    account: r.account,
    // The form it signs in; a mode stored under its old name is shown as the form it meant.
    signMode: r.platform === 'smartvending' ? signFormOf(r.signMode) : null,
    baseUrl: r.baseUrl,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export async function credentialViews(db: Db) {
  return (await listCredentials(db)).map(credentialView);
}

export type CredentialInput =
  | {
      platform: 'smartvending';
      account: string;
      key: string;
      signMode: SignMode;
      baseUrl?: string;
    }
  | { platform: 'saas'; account: string; key: string; secret: string; baseUrl?: string };

function appSecret(): string {
  const secret = getConfig().APP_SECRET;
  if (!secret)
    throw new ApiError(
      'CONFLICT',
      'APP_SECRET is not set: credentials cannot be stored encrypted. Set it and restart.',
    );
  return secret;
}

export async function saveCredential(db: Db, caller: Caller, c: CredentialInput) {
  const sealed = seal(
    appSecret(),
    JSON.stringify(c.platform === 'saas' ? { key: c.key, secret: c.secret } : { key: c.key }),
  );
  const at = Math.floor(Date.now() / 1000);
  const row = await inTransaction(db, async () => {
    const before = await findCredential(db, c.platform, c.account);
    const after = await upsertCredential(
      db,
      {
        platform: c.platform,
        account: c.account,
        secret: sealed,
        signMode: c.platform === 'smartvending' ? signFormOf(c.signMode) : null,
        baseUrl: c.baseUrl ?? null,
      },
      at,
    );
    await audit(
      db,
      caller,
      {
        action: before ? 'settings.credential_update' : 'settings.credential_create',
        targetKind: 'credential',
        targetId: after.id,
        before: before && { ...credentialView(before), secret: 'set' },
        after: { ...credentialView(after), secret: before ? 'changed' : 'set' },
      },
      at,
    );
    return after;
  });
  invalidateCredentials();
  return credentialView(row);
}

export async function removeCredential(db: Db, caller: Caller, id: number) {
  const row = await inTransaction(db, async () => {
    const before = await getCredential(db, id);
    if (!before) throw new ApiError('NOT_FOUND', `credential ${id} does not exist`);
    await deleteCredential(db, id);
    await audit(db, caller, {
      action: 'settings.credential_delete',
      targetKind: 'credential',
      targetId: id,
      before: credentialView(before),
    });
    return before;
  });
  invalidateCredentials();
  return credentialView(row);
}

export function platformOf(value: string): Platform | undefined {
  return value === 'smartvending' || value === 'saas' ? value : undefined;
}

/** Credentials that come from the environment, shown read-only beside the stored ones. */
export function environmentCredentials() {
  const c = getConfig();
  return [
    ...(c.SMARTVENDING_CLIENT_ID
      ? [
          {
            id: 'env-smartvending',
            platform: 'smartvending' as const,
            account: c.SMARTVENDING_CLIENT_ID,
            signMode: c.signMode,
            baseUrl: c.SMARTVENDING_BASE_URL ?? null,
          },
        ]
      : []),
    ...(c.SAAS_APP_ID
      ? [
          {
            id: 'env-saas',
            platform: 'saas' as const,
            account: c.SAAS_APP_ID,
            signMode: null,
            baseUrl: c.SAAS_BASE_URL ?? null,
          },
        ]
      : []),
  ];
}

/** Calls the platform with a stored (numeric id) or environment (`env-…`) credential. */
export async function testCredential(
  db: Db,
  caller: Caller,
  id: string,
): Promise<ConnectionResult> {
  const c = getConfig();
  let result: ConnectionResult;
  if (id === 'env-smartvending' || id === 'env-saas') {
    const env = environmentCredentials().find((e) => e.id === id);
    if (!env) throw new ApiError('NOT_FOUND', `credential ${id} is not set in the environment`);
    const baseUrl = requireUrl(env.baseUrl, env.platform);
    result =
      id === 'env-saas'
        ? await testSaas({
            baseUrl,
            appId: c.SAAS_APP_ID!,
            key: c.SAAS_KEY ?? '',
            secret: c.SAAS_SECRET ?? '',
          })
        : await testSmartVending({
            baseUrl,
            clientId: c.SMARTVENDING_CLIENT_ID!,
            key: c.SMARTVENDING_KEY!,
            signMode: c.signMode,
          });
  } else {
    const row = /^\d+$/.test(id) ? await getCredential(db, Number(id)) : undefined;
    if (!row) throw new ApiError('NOT_FOUND', `credential ${id} does not exist`);
    let s: { key: string; secret?: string };
    try {
      s = JSON.parse(open(appSecret(), row.secret)) as typeof s;
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('CONFLICT', `credential ${id}: ${(e as Error).message}`);
    }
    const fallback = row.platform === 'saas' ? c.SAAS_BASE_URL : c.SMARTVENDING_BASE_URL;
    const baseUrl = requireUrl(row.baseUrl ?? fallback ?? null, row.platform);
    result =
      row.platform === 'saas'
        ? await testSaas({ baseUrl, appId: row.account, key: s.key, secret: s.secret ?? '' })
        : await testSmartVending({
            baseUrl,
            clientId: row.account,
            key: s.key,
            signMode: signFormOf(row.signMode),
          });
  }
  await audit(db, caller, {
    action: 'settings.credential_test',
    targetKind: 'credential',
    targetId: id,
    after: {
      ok: result.ok,
      status: result.status,
      detail: result.detail,
      ...(result.signing && {
        signMode: result.signing.current,
        accepted: result.signing.accepted,
        tried: result.signing.tried.map((t) => t.form),
      }),
    },
  });
  return result;
}

/**
 * Keeps signing with `form` from now on: the admin's answer to a connection test that found
 * the platform accepts another form (D70). Audited. An environment credential's form is the
 * environment's (SMARTVENDING_SIGN_MODE): the answer says so.
 */
export async function setSignForm(db: Db, caller: Caller, id: string, form: SignForm) {
  if (id === 'env-smartvending')
    throw new ApiError(
      'CONFLICT',
      `this credential comes from the environment: set SMARTVENDING_SIGN_MODE=${form} and restart`,
    );
  if (id === 'env-saas')
    throw new ApiError('UNPROCESSABLE', 'env-saas is a SAAS credential: it has no signing form');
  const row = await inTransaction(db, async () => {
    const before = /^\d+$/.test(id) ? await getCredential(db, Number(id)) : undefined;
    if (!before) throw new ApiError('NOT_FOUND', `credential ${id} does not exist`);
    if (before.platform !== 'smartvending')
      throw new ApiError('UNPROCESSABLE', `credential ${id} is not a Smart Vending credential`);
    const at = Math.floor(Date.now() / 1000);
    const after = (await setCredentialSignMode(db, { id: before.id, signMode: form, at }))!;
    await audit(
      db,
      caller,
      {
        action: 'settings.credential_sign_form',
        targetKind: 'credential',
        targetId: String(before.id),
        before: { account: before.account, signMode: signFormOf(before.signMode) },
        after: { account: after.account, signMode: form },
      },
      at,
    );
    return after;
  });
  invalidateCredentials();
  return credentialView(row);
}

function requireUrl(url: string | null, platform: Platform): string {
  if (!url)
    throw new ApiError(
      'UNPROCESSABLE',
      `no base URL for ${platform}: set one on the credential or in ${platform === 'saas' ? 'SAAS_BASE_URL' : 'SMARTVENDING_BASE_URL'}`,
    );
  return url;
}
