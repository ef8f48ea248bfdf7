/** Consultations: a response carries at most 3 files… */
export const MAX_ATTACHMENTS = 3;
/** …of at most 5 MB each. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

type Sniff = 'pdf' | 'zip' | 'text';

/** The file types a response may attach, by extension: the stored content type and its check. */
export const ATTACHMENT_TYPES: Record<string, { contentType: string; sniff: Sniff }> = {
  pdf: { contentType: 'application/pdf', sniff: 'pdf' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    sniff: 'zip',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    sniff: 'zip',
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', sniff: 'zip' },
  csv: { contentType: 'text/csv', sniff: 'text' },
  txt: { contentType: 'text/plain', sniff: 'text' },
};

export interface Upload {
  filename: string;
  data: Uint8Array;
}

export type CheckedUpload =
  | { ok: true; filename: string; contentType: string; data: Uint8Array }
  | { ok: false; problem: string };

/** The name to keep: no folders, no control or quoting characters, at most 200 characters. */
export function cleanFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '_').trim();
  return clean.length > 200 ? clean.slice(clean.length - 200) : clean;
}

function startsWith(data: Uint8Array, text: string): boolean {
  return Array.from({ length: text.length }, (_, i) => i).every(
    (index) => data[index] === text.charCodeAt(index),
  );
}

function looksLikeText(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(0, 4096));
  } catch {
    return false;
  }
  // A page a browser would render as HTML is refused even when named .txt or .csv.
  return !/^\s*<(!doctype|html|script|svg|head|body|\?xml)/i.test(text);
}

/**
 * Consultations: an attachment is a PDF, DOCX, XLSX, ODT, CSV or TXT file (by its extension),
 * not empty, at most 5 MB, whose first bytes agree: `%PDF` for PDF, `PK` (a zip) for DOCX,
 * XLSX and ODT, UTF-8 text that is not HTML for CSV and TXT. The stored content type comes
 * from the extension, never from what the browser claimed.
 */
export function checkUpload(upload: Upload): CheckedUpload {
  const filename = cleanFilename(upload.filename);
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  const type = ATTACHMENT_TYPES[extension];
  const allowed = 'PDF, DOCX, XLSX, ODT, CSV or TXT';
  if (!type) return { ok: false, problem: `“${filename}” is not a ${allowed} file` };
  if (upload.data.length === 0) return { ok: false, problem: `“${filename}” is empty` };
  if (upload.data.length > MAX_ATTACHMENT_BYTES) {
    return { ok: false, problem: `“${filename}” is larger than 5 MB` };
  }
  const agrees =
    type.sniff === 'pdf'
      ? startsWith(upload.data, '%PDF')
      : type.sniff === 'zip'
        ? startsWith(upload.data, 'PK')
        : looksLikeText(upload.data);
  if (!agrees) {
    return {
      ok: false,
      problem: `“${filename}” is not really a .${extension} file: its content does not match`,
    };
  }
  return { ok: true, filename, contentType: type.contentType, data: upload.data };
}

/** Consultations: the files already attached plus the new ones stay within three. */
export function checkAttachmentCount(existing: number, adding: number): string | null {
  if (adding === 0) return 'Choose a file to upload';
  return existing + adding > MAX_ATTACHMENTS
    ? `A response can have at most ${MAX_ATTACHMENTS} files (it has ${existing})`
    : null;
}

/** A Content-Disposition header that keeps non-ASCII names (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
