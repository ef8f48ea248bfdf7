import { PGlite } from '@electric-sql/pglite';
const t = performance.now();
const pg = await PGlite.create(process.argv[2]);
const opened = performance.now();
await pg.query('select 1');
console.log(
  `PGlite.create ${(opened - t).toFixed(0)} ms, first query ${(performance.now() - opened).toFixed(0)} ms`,
);
await pg.close();
console.log(`close ${(performance.now() - opened).toFixed(0)} ms`);
