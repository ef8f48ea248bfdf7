import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';
import { BrowserSession } from '../support/test-app.ts';

const CHAIR = 'eleanor.hartley@example.org';

/** The rows of the table after `id="<id>"`, as text: one line per row, cells joined by " | ". */
function rowsAfter(body: string, id: string): string[] {
  const table = body.slice(body.indexOf(`id="${id}"`)).split('</table>')[0] ?? '';
  return (table.match(/<tr[\s\S]*?<\/tr>/g) ?? []).map((row) =>
    (row.match(/<t[dh][\s\S]*?<\/t[dh]>/g) ?? [])
      .map((cell) =>
        cell
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join(' | '),
  );
}

describe.each(ENGINES)(
  'issue 13: truthful milestones and release health in the demo on %s',
  (engine) => {
    let demo: DemoDatabase;
    let app: SecrelApp;
    let february: number;

    beforeAll(async () => {
      demo = await givenDemo(engine);
      app = await buildApp(demo.ctx);
      await app.ready();
      february = (
        await demo.ctx.db
          .selectFrom('release')
          .select('id')
          .where('name', '=', 'February 2027 SEC Release')
          .executeTakeFirstOrThrow()
      ).id;
      // The day the issue was found: Thursday 3 December 2026.
      demo.clock.set('2026-12-03T10:00:00Z');
    }, 240_000);
    afterAll(async () => {
      await app.close();
      await demo.close();
    });

    it('D10.8(b): on 3 December 2026 the February 2027 release marks only what happened as done', async () => {
      const page = await app.inject({ method: 'GET', url: `/releases/${String(february)}` });
      expect(page.statusCode).toBe(200);
      const rows = rowsAfter(page.body, 'milestones');
      const row = (name: string) => rows.find((r) => r.startsWith(`${name} |`)) ?? '';
      expect(row('Notice period starts')).toContain('25 December 2026 | Upcoming');
      expect(row('DCC testing (RID)')).toContain(
        '23 November 2026 to 7 January 2027 | In progress',
      );
      expect(row('User testing (RID)')).toContain('15 January 2027 to 11 February 2027 | Upcoming');
      expect(row('RID approved')).toContain('| Done |');
      expect(row('Go-live')).toContain('| Upcoming |');
      // Nothing not yet happened is called done.
      for (const name of ['Notice period starts', 'DCC testing (RID)', 'User testing (RID)'])
        expect(row(name)).not.toContain('Done');
      // The notice was issued in November (a fact), but the period starts on its day.
      expect(row('Notice period starts')).toContain('| Upcoming | Recorded');
      // Who must act, linked to where they act.
      expect(row('DCC testing (RID)')).toContain(
        'The DCC must run DCC System Integration Testing and record its results',
      );
    });

    it('D10.8(b): the release page opens with its health: status, next date, late and at risk, who must act', async () => {
      const page = await app.inject({ method: 'GET', url: `/releases/${String(february)}` });
      const box = page.body.slice(page.body.indexOf('id="release-health"')).split('</dl>')[0] ?? '';
      const text = box.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(text).toContain('Release health: On track');
      expect(text).toContain('Status In test');
      expect(text).toContain(
        'Next DCC testing (RID): 23 November 2026 to 7 January 2027. The DCC must run DCC System Integration Testing and record its results.',
      );
      expect(text).toContain('Late Nothing');
      expect(text).not.toContain('At risk');
    });

    it('D10.8(b): /releases shows each release’s health, next milestone and what is late or at risk', async () => {
      const page = await app.inject({ method: 'GET', url: '/releases' });
      const rows = rowsAfter(page.body, 'all-releases');
      expect(rows[0]).toBe(
        'Release | Type | Go-live | Status | Health | Next milestone | Late or at risk',
      );
      const row = rows.find((r) => r.startsWith('February 2027 SEC Release')) ?? '';
      expect(row).toContain(
        'In test | On track | DCC testing (RID), 23 November 2026 to 7 January 2027 | None',
      );
      // The timeline as a server-drawn SVG: each shape has its text, and the same data as a table.
      expect(page.body).toMatch(/<svg[^>]+role="img" aria-labelledby="timeline-chart-title/);
      expect(page.body).toContain(
        '<title>February 2027 SEC Release: DCC testing (RID), 23 November 2026 to 7 January 2027, in progress</title>',
      );
      expect(page.body).toContain('<title>Today, 3 December 2026</title>');
      const table = rowsAfter(page.body, 'timeline-table');
      expect(table).toContain('25 February 2027 | February 2027 SEC Release | Go-live | Upcoming');
      const historic = rows.find((r) => r.startsWith('November 2022 SEC Release')) ?? '';
      expect(historic).toContain('| Live | Live |');
    });

    it('D10.8(b), issue 13: once DCC testing passes its last day unfinished, the Chair’s home page shows it late with who must act, and /releases leads to it', async () => {
      demo.clock.set('2027-01-08T10:00:00Z');
      try {
        const chair = new BrowserSession(app);
        await chair.signIn(CHAIR, DEMO_PASSWORD);
        const home = await chair.get('/home');
        expect(home.body).toContain('February 2027 SEC Release: DCC testing (RID) is late');
        expect(home.body).toContain(
          'The DCC must run DCC System Integration Testing and record its results',
        );
        const list = await chair.get('/releases');
        const row = rowsAfter(list.body, 'all-releases').find((r) =>
          r.startsWith('February 2027 SEC Release'),
        );
        expect(row).toContain('| Late |');
        expect(row).toContain('DCC testing (RID) is late');
        expect(row).not.toContain('Notice period starts is late');
        expect(list.body).toContain(`href="/releases/${String(february)}#release-health"`);
      } finally {
        demo.clock.set('2026-12-03T10:00:00Z');
      }
    });

    it('D10.2, ruling 13: a meeting held and not closed is overdue for closing with its record window, awaits its record on /meetings, then its window passes; no 2018 consultation asks for a summary', async () => {
      // The demo's cut-over is its load day, 27 November 2026; the Chair's extraordinary meeting
      // of Wednesday 9 December is live: its decisions can be recorded until 16 December.
      demo.clock.set('2026-12-14T10:00:00Z');
      try {
        const chair = new BrowserSession(app);
        await chair.signIn(CHAIR, DEMO_PASSWORD);
        const home = await chair.get('/home');
        const text = home.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
        const close = text.slice(text.indexOf('Close the Panel meeting of 9 December 2026'));
        expect(close).toMatch(/^Close the Panel meeting of 9 December 2026 .{0,300}Overdue/);
        expect(close.slice(0, 300)).toContain('can be recorded until 16 December 2026');
        // Ruling 13: history held outside secrel asks nothing: no meeting before the cut-over,
        // and not the Policy's consultation of 2018.
        expect(text).not.toContain('Close the Panel meeting of 13 November 2026');
        expect(text).not.toContain('Publish the summary of the consultation');
        const meetings = await chair.get('/meetings');
        const past = rowsAfter(meetings.body, 'past');
        const row = past.find((r) => r.startsWith('9 December 2026')) ?? '';
        expect(row).toContain('Awaiting its record');
        expect(row).toContain('until 16 December 2026');
        expect(row).not.toContain('Scheduled');
        expect(past.some((r) => r.includes('Scheduled'))).toBe(false);
        expect(meetings.body).not.toMatch(
          /\d+ <strong class="govuk-tag govuk-tag--orange">\d+ late/,
        );

        demo.clock.set('2026-12-17T10:00:00Z');
        const later = await chair.get('/meetings');
        const passed = rowsAfter(later.body, 'past').find((r) => r.startsWith('9 December 2026'));
        expect(passed).toContain('Not closed');
        expect(passed).toContain('Its record window ended 16 December 2026');
        const again = new BrowserSession(app);
        await again.signIn(CHAIR, DEMO_PASSWORD);
        const laterHome = (await again.get('/home')).body.replace(/<[^>]+>/g, ' ');
        expect(laterHome.replace(/\s+/g, ' ')).toContain(
          'Its record window ended on 16 December 2026 (ruling 13)',
        );
      } finally {
        demo.clock.set('2026-12-03T10:00:00Z');
      }
    });
  },
);
