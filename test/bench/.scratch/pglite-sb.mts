import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
const sb = process.argv[3];
const rss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
const before = rss();
const defaults = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;
const pg = await PGlite.create(
  process.argv[2],
  sb === 'default' ? {} : { startParams: [...defaults, '-c', `shared_buffers=${sb}`] },
);
const opened = rss();
const setting = (await pg.query<{ s: string }>("select current_setting('shared_buffers') s"))
  .rows[0]?.s;
const t = performance.now();
for (let i = 0; i < 2000; i++)
  await pg.query('select * from audit_event where seq < $1 order by seq desc limit 51', [
    1 + Math.floor(Math.random() * 20000),
  ]);
for (let i = 0; i < 2000; i++)
  await pg.query(
    "select * from audit_event where subject_type='modification' and subject_id=$1 order by seq desc limit 51",
    [String(1 + (i % 600))],
  );
const ms = performance.now() - t;
await pg.query('select count(*) from audit_event');
console.log(
  `shared_buffers ${setting}: rss before open ${before.toFixed(0)} MiB, after open ${opened.toFixed(0)}, after 4000 random page reads ${rss().toFixed(0)} MiB; ${(ms / 4000).toFixed(3)} ms/query`,
);
await pg.close();
