/**
 * A SAAS callback to a NotifyUrl without its token: refused as a wrong token is (401
 * TOKEN_INVALID, README), in the callbacks' own shape, rather than as an unknown API path.
 */
export function POST() {
  return Response.json(
    { result: 'FAIL', errorCode: 'TOKEN_INVALID', message: 'the callback URL has no token' },
    { status: 401, headers: { 'cache-control': 'no-store' } },
  );
}
