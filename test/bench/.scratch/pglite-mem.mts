import { PGlite } from '@electric-sql/pglite';
const mb = (label: string) => {
  const m = process.memoryUsage();
  const s = require('node:fs').readFileSync('/proc/self/status', 'utf8');
  console.log(
    label.padEnd(40),
    `rss ${(m.rss / 2 ** 20).toFixed(0)} heap ${(m.heapUsed / 2 ** 20).toFixed(0)} ext ${(m.external / 2 ** 20).toFixed(0)} ab ${(m.arrayBuffers / 2 ** 20).toFixed(0)}`,
  );
};
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
mb('start');
const pg = await PGlite.create(process.argv[2]);
mb('opened');
const show = async (q: string) => (await pg.query<Record<string, unknown>>(q)).rows[0];
console.log(
  await show(
    "select current_setting('shared_buffers') sb, current_setting('work_mem') wm, current_setting('maintenance_work_mem') mwm, current_setting('effective_cache_size') ecs, current_setting('temp_buffers') tb",
  ),
);
console.log(await show('select count(*) from audit_event'));
mb('after count(*)');
for (let i = 0; i < 200; i++)
  await pg.query('select * from audit_event order by seq desc limit 51');
mb('after 200 newest pages');
await pg.query('select distinct action from audit_event');
mb('after distinct');
for (let i = 0; i < 200; i++)
  await pg.query('select * from audit_event where seq < $1 order by seq desc limit 51', [
    1000 + i * 4000,
  ]);
mb('after 200 pages spread over history');
await pg.close();
