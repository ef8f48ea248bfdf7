import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { loadSecCatalogue } from '../../modules/catalogue/catalogue.actions.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { printLine, type CliRun } from '../cli-io.ts';

/**
 * `secrel catalogue load`: A-TCS, D6.8(f)–(i): adds the SEC's documents the catalogue lacks
 * (Sections, Technical Code Specifications, Schedules, Appendices, other Subsidiary Documents,
 * with their classes), leaving every entry already there as SECAS left it. Audited; running it
 * again adds nothing.
 */
export function registerCatalogueCommands(program: Command, run: CliRun): void {
  const catalogue = program
    .command('catalogue')
    .description('the catalogue of SEC documents that modifications change (A-TCS, D6.8)');

  withDatabaseOptions(
    catalogue
      .command('load')
      .description(
        "add the SEC's documents (with their D6.8 classes) that the catalogue lacks; never overwrites an entry",
      ),
  ).action(async (flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
      const load = await loadSecCatalogue(ctx, null, SYSTEM_ACTOR);
      for (const id of load.added) printLine(run.io, `added ${id}`);
      const kept = load.present.filter((entry) => entry.as !== entry.id);
      for (const entry of kept)
        printLine(run.io, `kept ${entry.as} (already stands for ${entry.id})`);
      printLine(
        run.io,
        `${load.added.length} document(s) added; ${load.present.length} already in the catalogue`,
      );
    });
  });
}
