import Holidays from 'date-holidays';
const hd = new Holidays('TR');
for (const y of [2025, 2026, 2027]) for (const h of hd.getHolidays(y)) console.log(h.date, h.start.toISOString(), h.end.toISOString(), h.type, h.name, h.rule);
