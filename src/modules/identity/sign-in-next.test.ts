import { describe, expect, it } from 'vitest';
import { HOME_PATH, safeNext } from './sign-in-next.ts';

describe('issue 11: after sign-in, only a path on this site is followed', () => {
  it.each([
    ['/modifications', '/modifications'],
    ['/modifications?status=open#list', '/modifications?status=open#list'],
    ['/releases/3/rid', '/releases/3/rid'],
    ['/sign-in?next=%2F%2Fevil.example', '/sign-in?next=%2F%2Fevil.example'],
  ])('%j is followed', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'home',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    '/\\/evil.example',
    '/\t/evil.example/',
    '/\n/evil.example/',
    '/\r\n/evil.example/',
    '/ok\u0000',
    '/ok\u0085',
    'https://evil.example/',
    'javascript:alert(1)',
  ])('%j goes home', (next) => {
    expect(safeNext(next)).toBe(HOME_PATH);
  });
});
