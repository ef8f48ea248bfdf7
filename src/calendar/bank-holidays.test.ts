import { describe, expect, it } from 'vitest';
import { bankHolidaysOf } from './bank-holidays.ts';
import { isRegion, REGIONS, type Region } from './region.ts';

/** GOV.UK's published bank holidays (https://www.gov.uk/bank-holidays), month-day per year. */
const GOV_UK: Record<Exclude<Region, 'union'>, Record<number, string[]>> = {
  'england-and-wales': {
    2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
    2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
    2022: [
      '01-03',
      '04-15',
      '04-18',
      '05-02',
      '06-02',
      '06-03',
      '08-29',
      '09-19',
      '12-26',
      '12-27',
    ],
    2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
    2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
    2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
    2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
    2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  },
  scotland: {
    2020: ['01-01', '01-02', '04-10', '05-08', '05-25', '08-03', '11-30', '12-25', '12-28'],
    2021: ['01-01', '01-04', '04-02', '05-03', '05-31', '08-02', '11-30', '12-27', '12-28'],
    2022: [
      ...['01-03', '01-04', '04-15', '05-02', '06-02', '06-03', '08-01', '09-19', '11-30'],
      ...['12-26', '12-27'],
    ],
    2023: [
      '01-02',
      '01-03',
      '04-07',
      '05-01',
      '05-08',
      '05-29',
      '08-07',
      '11-30',
      '12-25',
      '12-26',
    ],
    2024: ['01-01', '01-02', '03-29', '05-06', '05-27', '08-05', '12-02', '12-25', '12-26'],
    2025: ['01-01', '01-02', '04-18', '05-05', '05-26', '08-04', '12-01', '12-25', '12-26'],
    2026: ['01-01', '01-02', '04-03', '05-04', '05-25', '08-03', '11-30', '12-25', '12-28'],
    2027: ['01-01', '01-04', '03-26', '05-03', '05-31', '08-02', '11-30', '12-27', '12-28'],
  },
  'northern-ireland': {
    2020: [
      '01-01',
      '03-17',
      '04-10',
      '04-13',
      '05-08',
      '05-25',
      '07-13',
      '08-31',
      '12-25',
      '12-28',
    ],
    2021: [
      '01-01',
      '03-17',
      '04-02',
      '04-05',
      '05-03',
      '05-31',
      '07-12',
      '08-30',
      '12-27',
      '12-28',
    ],
    2022: [
      ...['01-03', '03-17', '04-15', '04-18', '05-02', '06-02', '06-03', '07-12', '08-29'],
      ...['09-19', '12-26', '12-27'],
    ],
    2023: [
      ...['01-02', '03-17', '04-07', '04-10', '05-01', '05-08', '05-29', '07-12', '08-28'],
      ...['12-25', '12-26'],
    ],
    2024: [
      '01-01',
      '03-18',
      '03-29',
      '04-01',
      '05-06',
      '05-27',
      '07-12',
      '08-26',
      '12-25',
      '12-26',
    ],
    2025: [
      '01-01',
      '03-17',
      '04-18',
      '04-21',
      '05-05',
      '05-26',
      '07-14',
      '08-25',
      '12-25',
      '12-26',
    ],
    2026: [
      '01-01',
      '03-17',
      '04-03',
      '04-06',
      '05-04',
      '05-25',
      '07-13',
      '08-31',
      '12-25',
      '12-28',
    ],
    2027: [
      '01-01',
      '03-17',
      '03-26',
      '03-29',
      '05-03',
      '05-31',
      '07-12',
      '08-30',
      '12-27',
      '12-28',
    ],
  },
};

const cases = Object.entries(GOV_UK).flatMap(([region, years]) =>
  Object.entries(years).map(([year, days]) => ({
    region: region as Region,
    year: Number(year),
    days,
  })),
);

describe('bank holidays', () => {
  it.each(cases)(
    'Bank holidays: $region $year matches the GOV.UK list (weekday dates, substitutes included)',
    ({ region, year, days }) => {
      const dates = bankHolidaysOf(year, region).map((h) => h.date);
      expect(dates).toEqual(days.map((d) => `${year}-${d}`));
    },
  );

  it('Bank holidays: a holiday on a weekend is listed on its substitute weekday, not the weekend', () => {
    const holidays = bankHolidaysOf(2026, 'england-and-wales');
    expect(holidays.map((h) => h.date)).not.toContain('2026-12-26');
    expect(holidays.find((h) => h.date === '2026-12-28')).toEqual({
      date: '2026-12-28',
      name: 'Boxing Day (substitute day)',
      region: 'england-and-wales',
      source: 'rules',
    });
  });

  it.each([
    ['2022-06-03', /Platinum Jubilee/],
    ['2022-09-19', /Funeral/],
    ['2023-05-08', /Coronation/],
    ['2020-05-08', /VE day/],
  ])('Bank holidays: special day %s is named %s', (date, name) => {
    const holiday = bankHolidaysOf(Number(date.slice(0, 4)), 'england-and-wales').find(
      (h) => h.date === date,
    );
    expect(holiday?.name).toMatch(name);
  });

  it('Bank holidays: VE Day 2020 replaced the early May bank holiday (4 May 2020 is not one)', () => {
    expect(bankHolidaysOf(2020, 'england-and-wales').map((h) => h.date)).not.toContain(
      '2020-05-04',
    );
  });

  it.each([
    ['2002-06-03', true],
    ['2002-06-04', true],
    ['2002-05-27', false],
    ['2011-04-29', true],
    ['2012-06-04', true],
    ['2012-06-05', true],
    ['2012-05-28', false],
  ])(
    'Bank holidays: date-holidays is corrected for the jubilee/royal-wedding years: %s holiday=%s',
    (date, holiday) => {
      for (const region of REGIONS) {
        const dates = bankHolidaysOf(Number(date.slice(0, 4)), region).map((h) => h.date);
        expect(dates.includes(date)).toBe(holiday);
      }
    },
  );

  it('Union: one entry per date, region "all" when every division has it, names joined', () => {
    const union = bankHolidaysOf(2026, 'union');
    const dates = union.map((h) => h.date);
    expect(dates).toEqual([...new Set(dates)].sort());
    expect(dates).toEqual(
      [
        ...['01-01', '01-02', '03-17', '04-03', '04-06', '05-04', '05-25', '07-13', '08-03'],
        ...['08-31', '11-30', '12-25', '12-28'],
      ].map((d) => `2026-${d}`),
    );
    expect(union.find((h) => h.date === '2026-12-25')?.region).toBe('all');
    expect(union.find((h) => h.date === '2026-11-30')?.region).toBe('scotland');
    expect(union.find((h) => h.date === '2026-04-06')?.region).toBe('england-and-wales');
    expect(union.find((h) => h.date === '2026-07-13')?.region).toBe('northern-ireland');
  });

  it('Union: 2022 Scottish 3/4 January substitutes and the E&W/NI 3 January are one entry each', () => {
    const union = bankHolidaysOf(2022, 'union').filter((h) => h.date.startsWith('2022-01'));
    expect(union.map((h) => [h.date, h.region])).toEqual([
      ['2022-01-03', 'all'],
      ['2022-01-04', 'scotland'],
    ]);
  });

  it('Bank holidays: the returned holidays are frozen, so callers cannot corrupt a cache', () => {
    const first = bankHolidaysOf(2026, 'scotland');
    expect(() => {
      (first[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(bankHolidaysOf(2026, 'scotland')[0]?.name).toBe("New Year's Day");
  });

  it.each([[2026.5], [0], [10000], [Number.NaN]])(
    'Bank holidays: year %s is a RangeError',
    (year) => {
      expect(() => bankHolidaysOf(year, 'england-and-wales')).toThrow(RangeError);
    },
  );

  it('Regions: only the four exact names are regions; an unknown region is a RangeError', () => {
    expect(REGIONS.filter((r) => isRegion(r))).toEqual([...REGIONS]);
    for (const bad of ['England-and-Wales', 'wales', 'all', '']) expect(isRegion(bad)).toBe(false);
    expect(() => bankHolidaysOf(2026, 'wales' as Region)).toThrow(RangeError);
  });
});
