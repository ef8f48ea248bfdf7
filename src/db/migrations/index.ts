import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as modifications from './0002-modifications.ts';
import * as bodies from './0003-bodies.ts';
import * as consultationsPolicy from './0004-consultations-policy.ts';
import * as releases from './0005-releases.ts';
import * as releaseNoticesCostsGoLive from './0006-release-notices-costs-go-live.ts';
import * as ridTadTestingAuditor from './0007-rid-tad-testing-auditor.ts';

/** Every migration, in order. Forward-only; the same files run on PGlite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-modifications': modifications,
  '0003-bodies': bodies,
  '0004-consultations-policy': consultationsPolicy,
  '0005-releases': releases,
  '0006-release-notices-costs-go-live': releaseNoticesCostsGoLive,
  '0007-rid-tad-testing-auditor': ridTadTestingAuditor,
};
