import { createViewEnvironment, layoutContext } from '../../../src/web/views.ts';
import { createCalendar } from '../../../src/calendar/index.ts';
import { REGION_NAMES } from '../../../src/modules/calendar/calendar.pages.ts';
const env = createViewEnvironment();
const cal = createCalendar('england-and-wales', []);
const ctx = {
  ...layoutContext({
    principal: null,
    csrfToken: 'a'.repeat(40),
    cspNonce: 'n'.repeat(22),
    currentPath: '/calendar',
  }),
  title: 'Working-day calendar',
  query: {},
  errors: [],
  fieldErrors: {},
  region: 'england-and-wales',
  regionName: 'England and Wales',
  regionNames: REGION_NAMES,
  regionItems: ['england-and-wales', 'scotland', 'northern-ireland', 'union'].map((r) => ({
    value: r,
    text: r,
    selected: r === 'england-and-wales',
  })),
  year: 2026,
  holidays: cal.holidaysOf(2026),
  count: undefined,
  deadline: undefined,
  maxDays: 1000,
  overrides: [],
  canManage: false,
  overrideValues: {},
  overrideRegionItems: [],
  kindItems: [],
  json: undefined,
};
for (const [name, fn] of [
  ['render calendar.njk', () => env.render('calendar.njk', ctx)],
  ['holidaysOf(2026)', () => cal.holidaysOf(2026)],
  ['render landing.njk', () => env.render('landing.njk', ctx)],
] as const) {
  for (let i = 0; i < 300; i++) fn();
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 1500) {
    fn();
    n++;
  }
  console.log(name.padEnd(22), (1500 / n).toFixed(3), 'ms');
}
console.log('holidays', ctx.holidays.length, 'html bytes', env.render('calendar.njk', ctx).length);
