import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../errors.ts';
import {
  MAX_ATTACHMENTS,
  MAX_ATTACHMENT_BYTES,
  contentDisposition,
  type Upload,
} from '../modules/consultation/consultation-attachment.ts';

const uploads = new WeakMap<FastifyRequest, Upload[]>();

/**
 * Sends a stored file as a download: never rendered by the browser (attachment, nosniff) and
 * never cached, since the files are not all public.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { filename: string; contentType: string; data: Uint8Array },
): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(file.data));
}

/** The files a multipart request carried (none for JSON or URL-encoded requests). */
export function uploadsOf(request: FastifyRequest): Upload[] {
  return uploads.get(request) ?? [];
}

/**
 * Accepts multipart forms in this plugin scope only. Fields land in `request.body` as plain
 * strings before the CSRF check runs (so `_csrf` in the form is checked as for any form); files
 * are read into memory (at most three of 5 MB) and kept for {@link uploadsOf}. A fourth file or
 * a larger one is a 400 naming the field `file`.
 */
export async function acceptUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS + 1, fields: 100 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const list = uploads.get(this) ?? [];
      uploads.set(this, list);
      let data: Buffer;
      try {
        data = await part.toBuffer();
      } catch {
        throw invalid('file', `“${part.filename}” is larger than 5 MB`);
      }
      // A file input left empty still sends a part with no name and no bytes.
      if (part.filename === '' && data.length === 0) return;
      if (list.length >= MAX_ATTACHMENTS) {
        throw invalid('file', `Upload at most ${MAX_ATTACHMENTS} files`);
      }
      list.push({ filename: part.filename, data: new Uint8Array(data) });
    },
  });
}
