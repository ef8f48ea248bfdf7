import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../src/cli/background.ts';
import { inTransaction } from '../../src/app-context.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/outbox/mailer.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { startSmtpCatcher } from '../support/smtp-catcher.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const PUBLIC_URL = 'https://secrel.example.org/base';
const FROM = 'SEC Release Management <no-reply@secrel.example.org>';

/** A site path a mail client cannot follow: a slash and a letter after a space, bracket or quote. */
const RELATIVE = /(^|[\s(“"'‘<])\/[A-Za-z]/m;
const URL = /https?:\/\/[^\s”"')<>]+/g;

/** Every link of a message, and any relative path left in it. */
function linksOf(mail: ParsedMail) {
  const text = mail.text ?? '';
  return { urls: text.match(URL) ?? [], relative: RELATIVE.exec(text)?.[0] ?? null };
}

/** Every .ts file under a folder (not tests). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe.each(ENGINES)(
  'issue 13: every link in every e-mail is absolute on PUBLIC_URL, as received over SMTP, on %s',
  (engine) => {
    let t: TestApp;
    let c: AppealCast;
    let releaseId: number;
    const workers: Worker[] = [];

    async function deliver() {
      const smtp = await startSmtpCatcher();
      try {
        const worker = startWorker(t.ctx, {
          handlers: JOB_HANDLERS,
          mailer: createMailer(smtp.url, FROM),
          pollMs: 3_600_000,
          workerId: `links-${workers.length}`,
          log: (level, message, detail) => {
            if (level !== 'info') console.error(message, detail);
          },
        });
        workers.push(worker);
        await worker.runOnce();
        return [...smtp.received];
      } finally {
        await smtp.close();
      }
    }

    function expectAbsolute(mails: readonly ParsedMail[]) {
      for (const mail of mails) {
        const { urls, relative } = linksOf(mail);
        expect(relative, `${mail.subject ?? ''}: ${mail.text ?? ''}`).toBeNull();
        expect(urls.length, `${mail.subject ?? ''} has no link`).toBeGreaterThan(0);
        for (const url of urls)
          expect(url, mail.subject).toMatch(/^https:\/\/secrel\.example\.org\/base\/[a-z]/);
      }
    }

    beforeAll(async () => {
      t = await createTestApp(engine, new TestClock('2027-01-05T10:00:00Z'));
      t.ctx.config.publicUrl = PUBLIC_URL;
      c = await givenAppealCast(t);
      releaseId = await givenAppealRelease(t);
      await givenRidVersion(t, releaseId, 1, { publishedAt: '2026-12-24T10:00:00Z' });
    });
    afterAll(async () => {
      for (const w of workers) await w.stop();
      await t.close();
    });

    it('D10.8(c): a release notice to every Party and to a follower links to the notices page absolutely', async () => {
      expect(
        (await call(t, c.chair, 'PUT', `/api/v1/releases/${releaseId}/follow`)).statusCode,
      ).toBe(200);
      const issued = await call(t, c.secas, 'POST', `/api/v1/releases/${releaseId}/notices`, {
        subject: 'Go-live confirmed',
        body: 'The February 2027 SEC Release goes live on 25 February 2027.',
      });
      expect(issued.statusCode).toBe(201);
      const mails = await deliver();
      const toParty = mails.filter(
        (m) => m.subject === 'February 2027 SEC Release: Go-live confirmed',
      );
      expect(toParty.length).toBeGreaterThanOrEqual(3);
      expectAbsolute(mails);
      for (const mail of toParty)
        expect(mail.text).toContain(`${PUBLIC_URL}/releases/${releaseId}/notices`);
    });

    it('D10.17: the appeal lodged to the Authority, its copy to SECAS and the confirmation link absolutely', async () => {
      const lodged = await call(
        t,
        c.albion,
        'POST',
        `/api/v1/releases/${releaseId}/rid/versions/1/appeals`,
        { reasons: 'The User testing window is too short.' },
      );
      expect(lodged.statusCode).toBe(201);
      const mails = await deliver();
      const to = (email: string) =>
        mails.filter((m) => m.to && JSON.stringify(m.to).includes(email));
      expect(to(c.authority.email).length).toBeGreaterThan(0);
      expect(to(c.secas.email).length).toBeGreaterThan(0);
      expect(to(c.albion.email).length).toBeGreaterThan(0);
      expectAbsolute(mails);
    });

    it('issue 13: a message queued with a site path in its text goes out with it absolute (the one way into the outbox)', async () => {
      await inTransaction(t.ctx, { id: null, label: 'test' }, (unit) =>
        unit.notify({
          to: c.member.email,
          subject: 'Paths in prose',
          text: 'See /releases/1.\n/meetings/2/actions\n(Open /appeals/3) and/or D10.8(d)/D10.9.',
        }),
      );
      const [mail] = (await deliver()).filter((m) => m.subject === 'Paths in prose');
      expect(mail?.text).toContain(`See ${PUBLIC_URL}/releases/1.`);
      expect(mail?.text).toContain(`${PUBLIC_URL}/meetings/2/actions`);
      expect(mail?.text).toContain(`(Open ${PUBLIC_URL}/appeals/3) and/or D10.8(d)/D10.9.`);
    });

    it('issue 13: no e-mail can bypass it: only the unit of work queues messages, and only the outbox store writes them', () => {
      const writers = sources('src').filter((file) =>
        readFileSync(file, 'utf8').includes("insertInto('outbox_message')"),
      );
      expect(writers).toEqual([join('src', 'outbox', 'outbox.store.ts')]);
      const callers = sources('src').filter((file) =>
        /\benqueueMessage\(/.test(readFileSync(file, 'utf8')),
      );
      expect(callers.sort()).toEqual([
        join('src', 'app-context.ts'),
        join('src', 'outbox', 'outbox.store.ts'),
      ]);
    });
  },
);
