import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTemplates, loadTemplates, TemplateError } from '../../src/campaigns/templates.ts';

async function sources(): Promise<Record<string, string>> {
  const dir = path.resolve('templates');
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.liquid'))) out[f.replace(/\.liquid$/, '')] = await readFile(path.join(dir, f), 'utf8');
  return out;
}

describe('owner-editable templates', () => {
  it('loads and checks every template in templates/', async () => {
    const t = await loadTemplates();
    expect(t.names()).toEqual(expect.arrayContaining(['winback', 'holiday', 'arrivals', 'commercial-footer', 'complaint-followup', 'payment-overdue']));
  });

  it('fails fast with the file name when a template uses an unknown variable', async () => {
    const src = { ...(await sources()), winback: 'Merhaba {{ title }}, {{ indirim_orani }} indirim!' };
    expect(() => createTemplates(src)).toThrow(TemplateError);
    expect(() => createTemplates(src)).toThrow(/^winback\.liquid: .*indirim_orani/);
  });

  it('fails fast on an unknown filter and on a missing template', async () => {
    const all = await sources();
    expect(() => createTemplates({ ...all, holiday: '{{ title | shout }}' })).toThrow(/^holiday\.liquid: .*shout/);
    const { winback: _, ...rest } = all;
    expect(() => createTemplates(rest)).toThrow(/^winback\.liquid: /);
  });

  it('cannot read files: includes only see the templates in memory', async () => {
    const src = { ...(await sources()), birthday: "{% include '/etc/passwd' %}" };
    expect(() => createTemplates(src)).toThrow(/^birthday\.liquid: /);
  });

  it('stops a runaway template', async () => {
    const src = { ...(await sources()), birthday: '{% for i in (1..100000000) %}{{ title }}{% endfor %}' };
    expect(() => createTemplates(src)).toThrow(/^birthday\.liquid: .*limit/i);
  });

  it('requires the commercial footer to carry the business name and the stop word', async () => {
    const all = await sources();
    expect(() => createTemplates({ ...all, 'commercial-footer': 'İyi günler!' })).toThrow(/^commercial-footer\.liquid: /);
  });

  it('personalises with the title and recent products', async () => {
    const t = await loadTemplates();
    const text = t.render('winback', {
      title: 'Ayşe Hanım', name: 'Ayşe Demir', business: 'Demir Şarküteri', business_name: 'Yılmaz Toptan', segment: 'C',
      last_products: ['Doğuş Çay 1 kg', 'Nohut 1 kg'], today: '20 Mart Cuma', offer: 'bir koli deneme fiyatına', days_silent: 70,
    });
    expect(text).toBe('Merhaba Ayşe Hanım, sizi özledik! Yeni ürünlerimizi görmek ister misiniz? En son Doğuş Çay 1 kg, Nohut 1 kg almıştınız.\nTekrar denemeniz için bir koli deneme fiyatına. İsterseniz bu mesaja "evet" yazmanız yeterli.');
  });
});
