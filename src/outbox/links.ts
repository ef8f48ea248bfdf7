/**
 * Issue 13: every link in an e-mail is absolute, built from the configured public address
 * (PUBLIC_URL): a mail client has no page to resolve `/releases/4` against. Pure: text in, text
 * out.
 */

/** `path` (e.g. `/releases/4`) on the public address, without a doubled slash. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * A site path in prose: a word that starts with one slash and a letter, at the start of a line
 * or after a space or an opening bracket or quote ("See /releases/4."). A slash inside a word
 * ("and/or", "D10.8/D10.9") or in a URL ("https://…") is not one.
 */
const SITE_PATH = /(^|[\s(“"'‘<])(\/[A-Za-z][\w\-./~?#=&%:+]*)/gm;

/** Punctuation that ends a sentence rather than the path ("See /releases/4." → "/releases/4"). */
const TRAILING = /[.,;:!?]+$/;

/** The text with every site path in it made absolute on `publicUrl`. */
export function absoluteLinks(text: string, publicUrl: string): string {
  return text.replace(SITE_PATH, (_match, before: string, path: string) => {
    const tail = TRAILING.exec(path)?.[0] ?? '';
    const bare = tail ? path.slice(0, -tail.length) : path;
    return `${before}${absoluteUrl(publicUrl, bare)}${tail}`;
  });
}
