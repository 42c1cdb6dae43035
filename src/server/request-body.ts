import type { IncomingMessage } from 'node:http';
import { ApiError } from '../api/api-error.js';

/**
 * Reads a request body as JSON, refusing more than `limit` bytes as soon as
 * they arrive (a client cannot make the supervisor buffer an endless body).
 * An empty body is `{}`: `POST /v1/shutdown` needs nothing.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new ApiError('BODY_TOO_LARGE', `request body of ${declared} bytes is over the ${limit}-byte limit`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError('BODY_TOO_LARGE', `request body is over the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (!failed) reject(new ApiError('BAD_REQUEST', `could not read the request body: ${error.message}`));
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') {
        resolve({});
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        reject(new ApiError('BAD_JSON', `request body is not valid JSON: ${(error as Error).message}`));
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        reject(new ApiError('BAD_REQUEST', 'request body must be a JSON object'));
        return;
      }
      resolve(value as Record<string, unknown>);
    });
  });
}
