import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadDemoData } from '../../src/demo/demo-data.ts';
import {
  createTestDatabase,
  ENGINES,
  TestClock,
  testConfig,
  testContext,
} from '../support/test-db.ts';
import type { TestDatabase } from '../support/test-db.ts';
import { DEMO_NOW } from '../support/demo-db.ts';

/**
 * Issue 12: every audit action, i.e. every kind of write a use case or job makes, classified:
 * `shown` when what it writes can appear on a cached page or anonymous API read, so its
 * transaction must bump the public version; `unseen` when it changes nothing an anonymous reader
 * sees (it may still bump the version: that only costs a render). A new action that is not in
 * this table fails the first test; a shown action whose transaction did not bump fails the second.
 */
const ACTIONS: Readonly<Record<string, 'shown' | 'unseen'>> = {
  'agenda_item.no_actions_recorded': 'shown',
  'agenda_item.placed': 'shown',
  'allocation.out_of_step': 'shown',
  'auditor.access_answered': 'shown',
  'auditor.access_requested': 'shown',
  'auditor.accessed': 'unseen',
  'auditor.appointed': 'shown',
  'auditor.ended': 'shown',
  'auditor.named': 'shown',
  'auditor.proposed': 'shown',
  'authority_request.declined': 'shown',
  'authority_request.directed': 'shown',
  'authority_request.made': 'shown',
  'calendar.imported': 'shown',
  'calendar.override_added': 'shown',
  'calendar.override_removed': 'shown',
  'calendar_feed.created': 'unseen',
  'calendar_feed.revoked': 'unseen',
  'catalogue.document_created': 'shown',
  'catalogue.document_updated': 'shown',
  'catalogue.loaded': 'shown',
  'code.amendments_set': 'shown',
  'code.editorial_accepted': 'shown',
  'code.release_consolidated': 'shown',
  'code.version_imported': 'shown',
  'code.version_produced': 'shown',
  'consultation.attachment_added': 'shown',
  'consultation.extended': 'shown',
  'consultation.opened': 'shown',
  'consultation.response_amended': 'shown',
  'consultation.response_submitted': 'shown',
  'consultation.summary_published': 'shown',
  'consultation.updated': 'shown',
  'dcc_request.answered': 'shown',
  'dcc_request.created': 'shown',
  'dcc_request.overdue_notified': 'shown',
  'dcc_request.reminded': 'shown',
  'dcc_request.withdrawn': 'shown',
  'decision.recorded': 'shown',
  'history.recorded': 'shown',
  'implementation_action.completed': 'shown',
  'implementation_action.due_date_moved': 'shown',
  'implementation_action.overdue_reminded': 'shown',
  'implementation_action.recorded': 'shown',
  'installation.cut_over_set': 'shown',
  'installation.record_window_set': 'shown',
  'legal_challenge.delay_decided': 'shown',
  'legal_challenge.recorded': 'shown',
  'meeting.closed': 'shown',
  'meeting.created': 'shown',
  'modification.adopted': 'shown',
  'modification.converted': 'shown',
  'modification.dependencies_changed': 'shown',
  'modification.documents_changed': 'shown',
  'modification.imported': 'shown',
  'modification.raised': 'shown',
  'modification.status_changed': 'shown',
  'notification.followed': 'unseen',
  'notification.preferences_changed': 'unseen',
  'notification.unfollowed': 'unseen',
  'organisation.created': 'shown',
  'outbox.retried': 'unseen',
  'panel_seat.created': 'shown',
  'policy_version.approved': 'shown',
  'policy_version.created': 'shown',
  'policy_version.rejected': 'shown',
  'policy_version.submitted': 'shown',
  'policy_version.updated': 'shown',
  'readiness_report.submitted': 'shown',
  'refinement.completed': 'shown',
  'refinement.concluded': 'shown',
  'refinement.consultations_reevaluated': 'shown',
  'refinement.dcc_testing_set': 'shown',
  'refinement.returned': 'shown',
  'refinement.view_notified': 'shown',
  'refinement.view_received': 'shown',
  'refinement.view_requested': 'shown',
  'release.allocated': 'shown',
  'release.allocation_applied': 'shown',
  'release.allocation_pending': 'shown',
  'release.cost_recorded': 'shown',
  'release.cost_report_produced': 'shown',
  'release.cost_report_requested': 'shown',
  'release.cost_reviewed': 'shown',
  'release.created': 'shown',
  'release.deferred': 'shown',
  'release.descope_pending': 'shown',
  'release.descoped': 'shown',
  'release.go_live_decided': 'shown',
  'release.late_addition_decided': 'shown',
  'release.notice_exception_decided': 'shown',
  'release.notice_issued': 'shown',
  'release.policy_version_changed': 'shown',
  'release.status_changed': 'shown',
  'rid.appeal_determined': 'shown',
  // A draft appeal is its Party's alone until lodged: no anonymous reader sees it.
  'rid.appeal_draft_discarded': 'unseen',
  'rid.appeal_draft_file_added': 'unseen',
  'rid.appeal_draft_file_removed': 'unseen',
  'rid.appeal_draft_saved': 'unseen',
  'rid.appeal_draft_updated': 'unseen',
  'rid.appeal_lodged': 'shown',
  'rid.approved': 'shown',
  'rid.drafted': 'shown',
  'rid.freeze_overridden': 'shown',
  'rid.further_appeal_decided': 'shown',
  'rid.further_appeal_recorded': 'shown',
  'rid.published': 'shown',
  'rid.submitted': 'shown',
  'rid.updated': 'shown',
  'rid.withdrawn': 'shown',
  'session.revoked': 'unseen',
  'session.sign_in_failed': 'unseen',
  'session.signed_in': 'unseen',
  'session.signed_out': 'unseen',
  'session.sso_refused': 'unseen',
  'tad.drafted': 'shown',
  'tad.requested': 'shown',
  'tad.reviewed': 'shown',
  'tad.submitted': 'shown',
  'tad.took_effect': 'shown',
  'tad.updated': 'shown',
  'test_evidence.uploaded': 'shown',
  'test_phase.created': 'shown',
  'test_phase.updated': 'shown',
  'timetable.amended': 'shown',
  'timetable.representation_recorded': 'shown',
  'token.created': 'unseen',
  'token.revoked': 'unseen',
  'user.created': 'shown',
};

const SRC = path.resolve(import.meta.dirname, '../../src');
const DOTTED = /'([a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)'/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

/**
 * The catalogue of audit actions in the sources: the dotted names in use cases and jobs (the
 * job kinds, `*_JOB` constants, left out) and every `action: '…'` of a file that audits.
 */
function actionCatalogue(): Set<string> {
  const files = sourceFiles(SRC);
  const jobs = new Set(
    files.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/_JOB = '([^']+)'/g)].map((match) => match[1]),
    ),
  );
  const actions = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const useCase = /\.(actions|jobs)\.ts$/.test(file);
    if (useCase) for (const match of text.matchAll(DOTTED)) actions.add(match[1] ?? '');
    if (useCase || text.includes('.audit(')) {
      for (const match of text.matchAll(/action: '([^']+)'/g)) actions.add(match[1] ?? '');
    }
  }
  for (const job of jobs) actions.delete(job ?? '');
  return actions;
}

describe('the audit actions and the render cache (issue 12)', () => {
  it('every audit action in the sources is classified as shown on cached pages or unseen', () => {
    const catalogue = [...actionCatalogue()].sort();
    expect(catalogue.length).toBeGreaterThan(100);
    expect(catalogue).toEqual(Object.keys(ACTIONS).sort());
  });
});

describe.each(ENGINES)('every shown write of the demo bumps the public version on %s', (engine) => {
  let database: TestDatabase;
  let observed: { action: string; bumped: boolean }[];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    // Test-only records: the transaction of each audit event, and of each bump.
    for (const statement of [
      sql`create table render_test_audit (action text not null, xact xid8 not null)`,
      sql`create table render_test_bump (xact xid8 not null)`,
      sql`create function render_test_audit() returns trigger language plpgsql as $$
        begin insert into render_test_audit values (new.action, pg_current_xact_id()); return null; end $$`,
      sql`create function render_test_bump() returns trigger language plpgsql as $$
        begin insert into render_test_bump values (pg_current_xact_id()); return null; end $$`,
      sql`create trigger render_test_audit after insert on audit_event
        for each row execute function render_test_audit()`,
      sql`create trigger render_test_bump after update on public_version
        for each row execute function render_test_bump()`,
    ]) {
      await statement.execute(database.db);
    }
    await loadDemoData(testContext(database, new TestClock(DEMO_NOW), testConfig()));
    const rows = await sql<{ action: string; bumped: boolean }>`
      select a.action, bool_and(exists (
        select 1 from render_test_bump b where b.xact = a.xact)) as bumped
      from render_test_audit a group by a.action order by a.action`.execute(database.db);
    observed = rows.rows;
  }, 600_000);
  afterAll(async () => {
    await database.close();
  });

  it('the demo writes through many use cases, each of them classified', () => {
    expect(observed.length).toBeGreaterThan(40);
    const unclassified = observed.filter(({ action }) => ACTIONS[action] === undefined);
    expect(unclassified).toEqual([]);
  });

  it('each transaction recording a shown action bumped the public version at its commit', () => {
    const missed = observed.filter(({ action, bumped }) => ACTIONS[action] === 'shown' && !bumped);
    expect(missed).toEqual([]);
  });
});
