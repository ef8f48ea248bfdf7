/**
 * The reads of a release's testing the modules after testing use (go-live, D10.8(e)): its test
 * phases, its readiness reports, and what a go-live criterion's evidence may point to. The store
 * stays private.
 */
import type { Db } from '../../app-context.ts';
import { formatDate } from '../../calendar/format.ts';
import { evidenceOf, phasesOf, phasesOfReleases, reportsOf } from './testing.store.ts';
import { TEST_PHASE_STATUS_NAMES } from './testing.ts';

export { evidenceOf, phasesOf, phasesOfReleases, reportsOf };
export type { EvidenceInfo, TestPhase } from './testing.ts';
export type { ReadinessReport } from './readiness.ts';

/**
 * D10.8(e): what a go-live criterion's evidence may point to: the release's test phases and
 * submitted readiness reports, by reference (`phase:<id>`, `report:<id>`) with a label.
 */
export async function linkableEvidenceOf(db: Db, releaseId: number): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const phase of await phasesOf(db, releaseId))
    links.set(
      `phase:${phase.id}`,
      `Test phase: ${phase.name} (${TEST_PHASE_STATUS_NAMES[phase.status].toLowerCase()})`,
    );
  for (const report of await reportsOf(db, releaseId))
    links.set(`report:${report.id}`, `Readiness report due ${formatDate(report.periodDue)}`);
  return links;
}
