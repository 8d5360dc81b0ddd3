/** A non-2xx answer from our API: the envelope's code and message, and the HTTP status. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Fetches our own JSON API; a non-2xx answer throws an ApiRequestError with the envelope. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', ...init?.headers },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiRequestError(
      error?.message ?? `HTTP ${response.status}`,
      response.status,
      error?.code,
    );
  }
  return body as T;
}
