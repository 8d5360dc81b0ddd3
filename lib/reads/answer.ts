import 'server-only';
import zlib from 'node:zlib';

/** A read's text, as the reader thread (or this thread) wrote it. */
export class Answer {
  private zipped?: Promise<Buffer>;
  constructor(
    readonly text: string,
    readonly json: boolean,
  ) {}
  /** The text gzipped once (at the fastest level) for every client that accepts it. */
  gzip(): Promise<Buffer> {
    this.zipped ??= new Promise((resolve, reject) =>
      zlib.gzip(this.text, { level: 1 }, (e, b) => (e ? reject(e) : resolve(b))),
    );
    return this.zipped;
  }
}
