/** Where sign-in goes when it is given nowhere (or nowhere safe) to go. */
export const HOME_PATH = '/home';

const PROBE_ORIGIN = 'http://secrel.invalid';
/** C0 controls, DEL and C1 controls: browsers drop tabs and newlines from URLs, so `/\t/x` is `//x`. */
function hasControl(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Issue 11: the path sign-in returns to (`next`), only when it stays on this site: it starts with
 * one `/` (not `//`, which is another host), has no backslash (browsers read `/\` as `//`) and no
 * control character, and resolves to this origin. Anything else goes home: never an open
 * redirect (ASVS 5.1.5).
 */
export function safeNext(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || value.startsWith('//')) return HOME_PATH;
  if (value.includes('\\') || hasControl(value)) return HOME_PATH;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return HOME_PATH;
  }
  return url.origin === PROBE_ORIGIN ? value : HOME_PATH;
}
