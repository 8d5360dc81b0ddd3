import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { AppConfig } from '@/lib/config';

export type S3Target = { client: S3Client; bucket: string; prefix: string };

/** The configured bucket, or undefined when S3_BUCKET is unset (uploads are optional). */
export function s3Target(config: AppConfig): S3Target | undefined {
  if (!config.S3_BUCKET) return undefined;
  const pathStyle = config.S3_FORCE_PATH_STYLE ?? (config.S3_ENDPOINT ? '1' : '0');
  const client = new S3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    // MinIO and most self-hosted stores want the bucket in the path, not the host name.
    forcePathStyle: pathStyle === '1' || pathStyle === 'true',
    // The SDK's default CRC checksums (2025) are refused by several S3-compatible stores (OSS,
    // COS, older MinIO): send them only where the API requires one. SigV4 still signs a hash.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined, // the SDK's own chain: instance roles, ~/.aws, AWS_* variables
    maxAttempts: 3,
  });
  return { client, bucket: config.S3_BUCKET, prefix: config.S3_PREFIX };
}

const MIB = 1024 * 1024;
/**
 * Parts of 8 MiB (or larger, to stay under S3's 10,000 parts): each part is hashed for its
 * signature on the server's thread, and 8 MiB hashes in a few milliseconds, so pushes arriving
 * meanwhile barely wait. One part at a time: a backup is not in a hurry.
 */
const partSize = (bytes: number) => Math.max(8 * MIB, Math.ceil(bytes / 9000));

/** Uploads a snapshot file under the prefix; returns its key. Multipart above one part. */
export async function uploadSnapshot(target: S3Target, file: string, signal?: AbortSignal) {
  const key = `${target.prefix}${path.basename(file)}`;
  const { client, bucket } = target;
  const bytes = fs.statSync(file).size;
  const size = partSize(bytes);
  if (bytes <= size) {
    const body = await fs.promises.readFile(file);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }), {
      abortSignal: signal,
    });
    return key;
  }
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    { abortSignal: signal },
  );
  const handle = await fs.promises.open(file, 'r');
  try {
    const parts: { ETag: string | undefined; PartNumber: number }[] = [];
    const buffer = Buffer.alloc(size);
    for (let offset = 0, n = 1; offset < bytes; offset += size, n++) {
      const { bytesRead } = await handle.read(buffer, 0, size, offset);
      const part = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: n,
          Body: buffer.subarray(0, bytesRead),
        }),
        { abortSignal: signal },
      );
      parts.push({ ETag: part.ETag, PartNumber: n });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal: signal },
    );
    return key;
  } catch (e) {
    // A half-uploaded object costs storage until aborted; the next backup uploads it anew.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))
      .catch(() => undefined);
    throw e;
  } finally {
    await handle.close();
  }
}
