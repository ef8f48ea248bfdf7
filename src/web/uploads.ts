import multipart, { type Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../errors.ts';
import { CONTROL_CHARACTERS } from '../schemas.ts';
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

/** Keeps one part of a multipart form: a field's text in the body, a file in the request's list. */
async function takePart(
  request: FastifyRequest,
  body: Record<string, unknown>,
  part: Multipart,
): Promise<void> {
  if (part.type === 'field') {
    const value = typeof part.value === 'string' ? part.value : String(part.value);
    const earlier = body[part.fieldname];
    body[part.fieldname] = earlier === undefined ? value : [earlier, value].flat();
    return;
  }
  const list = uploads.get(request) ?? [];
  uploads.set(request, list);
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (error) {
    // Only the size limit is the file's fault; a body cut short or malformed is a bad request.
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw invalid('file', `“${part.filename}” is larger than 5 MB`);
    }
    throw error;
  }
  // A file input left empty still sends a part with no name and no bytes.
  if (part.filename === '' && data.length === 0) return;
  if (CONTROL_CHARACTERS.test(part.filename)) {
    throw invalid('file', 'A file name must not contain control characters');
  }
  if (list.length >= MAX_ATTACHMENTS) {
    throw invalid('file', `Upload at most ${MAX_ATTACHMENTS} files`);
  }
  list.push({ filename: part.filename, data: new Uint8Array(data) });
}

/**
 * Accepts multipart forms in this plugin scope only. Fields land in `request.body` as plain
 * strings before the CSRF check runs (so `_csrf` in the form is checked as for any form); files
 * are read into memory (at most three of 5 MB) and kept for {@link uploadsOf}. A fourth file or
 * a larger one is a 400 naming the field `file`. A body that is not multipart as it says (no
 * boundary, cut short, malformed) is a 400 `bad_request` (issue 11), whoever sends it.
 */
export async function acceptUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS + 1, fields: 100 },
  });
  scope.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const body: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    try {
      for await (const part of request.parts()) await takePart(request, body, part);
    } catch (error) {
      if (
        error instanceof AppError ||
        typeof (error as { statusCode?: unknown }).statusCode === 'number'
      ) {
        throw error;
      }
      throw new AppError('bad_request', 'The upload could not be read: send a multipart form');
    }
    request.body = body;
  });
}
