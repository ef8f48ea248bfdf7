import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The test may read files; the module under test may not (it must stay pure).
const directory = new URL('.', import.meta.url);
const sources = readdirSync(directory).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('calendar module purity', () => {
  it.each(sources)('Purity: %s reads no clock, does no I/O and imports no node: module', (file) => {
    const text = readFileSync(new URL(file, directory), 'utf8');
    expect(text).not.toMatch(/new Date\(|Date\.now|Temporal\.Now|performance\.now|Math\.random/);
    expect(text).not.toMatch(/from ['"]node:|require\(|\bfetch\(|process\./);
    expect(text).not.toMatch(/export default/);
  });
});
