import { describe, expect, it } from 'vitest';
import { absoluteLinks, absoluteUrl } from './links.ts';

const BASE = 'https://secrel.example.org/';

describe('issue 13: links in e-mail are absolute on the public address', () => {
  it('a path is joined to the public address without a doubled slash', () => {
    expect(absoluteUrl(BASE, '/releases/4')).toBe('https://secrel.example.org/releases/4');
    expect(absoluteUrl('https://secrel.example.org', 'appeals/2')).toBe(
      'https://secrel.example.org/appeals/2',
    );
  });

  it('site paths in prose become absolute; the sentence keeps its full stop and brackets', () => {
    expect(absoluteLinks('See /releases/4.', BASE)).toBe(
      'See https://secrel.example.org/releases/4.',
    );
    expect(absoluteLinks('/meetings/3/actions\nOpen (/appeals/9), then', BASE)).toBe(
      'https://secrel.example.org/meetings/3/actions\nOpen (https://secrel.example.org/appeals/9), then',
    );
    expect(absoluteLinks('Read “/releases/4/notices?x=1#top”', BASE)).toBe(
      'Read “https://secrel.example.org/releases/4/notices?x=1#top”',
    );
  });

  it('absolute URLs, slashes inside words and clause labels are left alone', () => {
    const text =
      'Open https://secrel.example.org/releases/4 and/or D10.8(d)/D10.9; 1/2 of Parties; http://x.test/a';
    expect(absoluteLinks(text, BASE)).toBe(text);
  });

  it('making links absolute twice changes nothing more', () => {
    const once = absoluteLinks('See /releases/4 and /appeals/1.', BASE);
    expect(absoluteLinks(once, BASE)).toBe(once);
  });
});
