/** Messages between the pool (main thread) and a reader thread. */
export interface ToReader {
  id: number;
  name: string;
  params: unknown;
}

export type FromReader =
  | { type: 'ready' }
  | { type: 'done'; id: number; text: string; json: boolean }
  | { type: 'error'; id: number; code: string; message: string };
