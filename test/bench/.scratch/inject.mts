import { buildApp } from '../../../src/http/app.ts';
import { openDatabase } from '../../../src/db/database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { readConfig } from '../../../src/config.ts';
const database = await openDatabase({ dataDir: 'memory://' });
await migrateToLatest(database.db);
const ctx = {
  db: database.db,
  engine: database.engine,
  config: readConfig({ DATA_DIR: 'memory://' }),
  now: () => new Date(),
};
const app = await buildApp(ctx as never, { logger: false });
const url = process.argv[2] ?? '/calendar';
for (let i = 0; i < 300; i++) await app.inject({ url });
const t = performance.now();
let n = 0;
while (performance.now() - t < 4000) {
  const r = await app.inject({ url });
  if (r.statusCode !== 200) throw new Error(String(r.statusCode));
  n++;
}
console.log(url, (4000 / n).toFixed(3), 'ms/request (in-process, PGlite memory, no logging)');
await app.close();
await database.close();
