import zlib from 'node:zlib';

/** One file of a zip archive (a .docx is one), read through its central directory. */
export function zipEntry(zip: Buffer, name: string): Buffer | undefined {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 0 ? data : zlib.inflateRawSync(data);
    }
    at += 46 + skip;
  }
  return undefined;
}

/** The paragraphs of a Word document's body, as plain text. */
export function docxParagraphs(docx: Buffer): string[] {
  const xml = zipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) =>
    [...match[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((text) => text[1] ?? '')
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'"),
  );
}

/** XML text as it reads. */
function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A Word document's tracked changes, in order: the text of each `w:ins` (its `w:t`) and each
 * `w:del` (its `w:delText`), with the author Word shows for it.
 */
export function docxTrackedChanges(
  docx: Buffer,
): { kind: 'insert' | 'delete'; text: string; author: string }[] {
  const xml = zipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:(ins|del) ([^>]*)>([\s\S]*?)<\/w:\1>/g)].map((match) => ({
    kind: match[1] === 'ins' ? 'insert' : 'delete',
    author: unescapeXml(/w:author="([^"]*)"/.exec(match[2] ?? '')?.[1] ?? ''),
    text: unescapeXml(
      [...(match[3] ?? '').matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)]
        .map((text) => text[1] ?? '')
        .join(''),
    ),
  }));
}

/** The rows of the Word document's tables, each row's cells as plain text. */
export function docxTableRows(docx: Buffer): string[][] {
  const xml = zipEntry(docx, 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) =>
      unescapeXml(
        [...cell[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1] ?? '').join(''),
      ),
    ),
  );
}
