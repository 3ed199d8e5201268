import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import {
  createNotificationRenderer, createTranslator, fallbackChain, isRtl, LANGUAGES, negotiateLocale, normalizeLocale, readLocaleDir, textDirection,
  type StringTree, type TranslationProblem,
} from '../src/i18n/index.js';
import { checkI18n } from '../../scripts/i18n-check.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const kernelLocales = path.join(root, 'locales');

function flatten(tree: StringTree, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.set(full, value);
    else flatten(value, full, into);
  }
  return into;
}

async function tempDir(t: Test, files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'petamigos-i18n-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

t.test('the languages check passes on this repository', async (t) => {
  const report = await checkI18n({ root });
  t.same(report.missingFromEnglish.map((u) => `${u.namespace}:${u.key} (${u.file}:${u.line})`), [], 'every key used in code exists in English');
  t.same(report.errors.map((e) => `${e.namespace} ${e.locale} ${e.key}: ${e.problem}`), [], 'every translation parses and uses only English variables');
  t.same(
    report.warnings.filter((w) => w.namespace === 'kernel').map((w) => `${w.locale} ${w.key}: ${w.problem}`),
    [],
    'kernel translations keep every variable, write every plural form their language uses, and variants only hold differences',
  );
  t.ok(report.used.some((u) => u.namespace === 'kernel' && u.key === 'errors.INVALID_CREDENTIALS'), 'codes thrown by the accounts service are found');
  t.ok(report.used.some((u) => u.key === 'errors.TOO_LARGE'), 'codes of HttpError subclasses (StorageError, MediaError) are found');
  t.ok(report.used.some((u) => u.key === 'errors.METHOD_NOT_ALLOWED'), 'codes of the status table are found');
  t.ok(report.ok);
});

t.test('every kernel string exists in all 20 languages', async (t) => {
  const files = await readLocaleDir(kernelLocales);
  const english = flatten(files.get('en')!);
  t.ok(english.size >= 80, `English has the kernel's strings (${english.size})`);
  t.equal(LANGUAGES.length, 20);
  for (const language of LANGUAGES) {
    const strings = flatten(files.get(language) ?? {});
    const missing = [...english.keys()].filter((key) => !strings.get(key));
    t.same(missing, [], `${language} translates every kernel key`);
    if (language !== 'en') {
      const copied = [...english.keys()].filter((key) => strings.get(key) === english.get(key) && !/^\{\w+\}$/.test(english.get(key)!));
      t.same(copied, [], `${language} does not leave English in place`);
    }
  }
  const report = await checkI18n({ root });
  for (const row of report.coverage.filter((r) => r.namespace === 'kernel' && r.kind !== 'source')) {
    t.equal(row.percent, 100, `${row.locale} reads 100% of the kernel after fallback`);
  }
});

t.test('the check fails on a key missing from English and on broken translations', async (t) => {
  const dir = await tempDir(t, {
    'core/src/http/errors.ts': `export class HttpError extends Error { constructor(readonly status: number, readonly code: string, message: string) { super(message); } }
      export const statusCodes = { 404: 'NOT_FOUND' };`,
    'core/src/feature.ts': `import { HttpError } from './http/errors.js';
      class ShelfError extends HttpError { constructor(code: string, message: string) { super(409, code, message); } }
      export function go(flag: boolean, t: (l: string, k: string) => string, send: (n: object) => void) {
        t('es', 'greeting.hello');
        t('es', 'greeting.bye');
        send({ textKey: 'notification.bark' });
        if (flag) throw new HttpError(400, flag ? 'FIRST' : 'SECOND', 'x');
        throw new ShelfError('SHELF_FULL', 'full');
      }`,
    'locales/en.json': { greeting: { hello: 'Hello {name}', count: '{n, plural, one {# dog} other {# dogs}}' }, errors: { NOT_FOUND: 'Not found.' } },
    'locales/es.json': { greeting: { hello: 'Hola {nombre}', count: '{n, plural, one {# perro} other {# perros}' }, errors: { NOT_FOUND: 'No encontrado.' } },
    'locales/ru.json': { greeting: { hello: 'Привет, {name}', count: '{n, plural, one {# собака} other {# собаки}}' } },
  });
  const report = await checkI18n({ root: dir });
  t.same(
    report.missingFromEnglish.map((u) => u.key).sort(),
    ['errors.FIRST', 'errors.SECOND', 'errors.SHELF_FULL', 'greeting.bye', 'notification.bark'],
    'both branches of a ternary, a subclass code, a t() key and a notification textKey are reported; keys English has are not',
  );
  t.same(report.errors.map((e) => `${e.locale} ${e.key}`).sort(), ['es greeting.count', 'es greeting.hello'], 'a parse error and an unknown variable are errors');
  t.match(report.warnings.find((w) => w.locale === 'ru' && w.key === 'greeting.count')?.problem, /few, many/, 'a Russian plural without few/many is flagged');
  const es = report.coverage.find((c) => c.locale === 'es');
  t.equal(es?.translated, 3, 'coverage counts keys present in the language file');
  t.equal(report.ok, false);

  const run = promisify(execFile);
  const failure = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/i18n-check.ts'), '--root', dir], { cwd: root }).then(
    () => null,
    (error: { code: number; stdout: string }) => error,
  );
  t.equal(failure?.code, 1, 'the command exits 1');
  t.match(failure?.stdout, /kernel:greeting\.bye {2}core\/src\/feature\.ts:5/, 'and names the key with where it is used');
  t.match(failure?.stdout, /Coverage of kernel/, 'and still reports coverage');
});

t.test('locales: fallback chains, normalization and direction', async (t) => {
  t.same(fallbackChain('es-MX'), ['es-MX', 'es', 'en']);
  t.same(fallbackChain('zh-TW'), ['zh-TW', 'zh', 'en']);
  t.same(fallbackChain('en-GB'), ['en-GB', 'en']);
  t.same(fallbackChain('de-AT'), ['de', 'en'], 'an unlisted region reads its language');
  t.same(fallbackChain('xx'), ['en'], 'anything unknown reads English');
  t.equal(normalizeLocale('es_mx'), 'es-MX');
  t.equal(normalizeLocale('zh-Hant-HK'), 'zh-TW', 'Traditional script reads zh-TW');
  t.equal(normalizeLocale('zh-Hans'), 'zh-CN');
  t.equal(normalizeLocale('pt'), 'pt');
  t.equal(normalizeLocale('sv-SE'), null);
  t.equal(normalizeLocale('*'), null);
  t.ok(isRtl('ar'));
  t.ok(isRtl('ur'));
  t.ok(isRtl('ar-EG'));
  t.notOk(isRtl('es-MX'));
  t.notOk(isRtl('he'), 'only the platform languages are judged, and Hebrew is not one');
  t.equal(textDirection('ur'), 'rtl');
  t.equal(textDirection('fr-CA'), 'ltr');
});

t.test('negotiateLocale: the user, then Accept-Language, then the site default', async (t) => {
  t.equal(negotiateLocale({ acceptLanguage: 'es-MX,es;q=0.9', siteDefault: 'en' }), 'es-MX');
  t.equal(negotiateLocale({ acceptLanguage: 'ar', siteDefault: 'es-MX' }), 'ar');
  t.equal(negotiateLocale({ acceptLanguage: 'de-AT', siteDefault: 'es-MX' }), 'de', 'a variant we lack matches its language');
  t.equal(negotiateLocale({ userLocale: 'pt-BR', acceptLanguage: 'es-MX,es;q=0.9', siteDefault: 'en' }), 'pt-BR', "the user's setting beats the header");
  t.equal(negotiateLocale({ acceptLanguage: 'sv-SE,fi;q=0.8', siteDefault: 'es-MX' }), 'es-MX', 'nothing spoken: the site default');
  t.equal(negotiateLocale({}), 'en');
  t.equal(negotiateLocale({ acceptLanguage: 'fr;q=0.3, ja;q=0.8, sv' }), 'ja', 'q-values, not header order, decide');
  t.equal(negotiateLocale({ acceptLanguage: 'en;q=0, fr-CA;q=0.5', siteDefault: 'en' }), 'fr-CA', 'q=0 refuses a language');
  t.equal(negotiateLocale({ userLocale: 'tlh', acceptLanguage: 'ko' }), 'ko', 'an unusable user setting is skipped');
  t.equal(negotiateLocale({ acceptLanguage: ['it-CH', 'fr'] }), 'it', 'a repeated header counts as one list');
});

t.test('the translator: ICU plurals in Spanish, Russian and Arabic', async (t) => {
  const i18n = await createTranslator({ kernelLocalesDir: kernelLocales });
  const es = (count: number) => i18n.t('es', 'notification.reaction.grouped', { count, actor: 'Ana' });
  t.equal(es(1), 'Ana reaccionó a tu publicación');
  t.equal(es(2), 'Ana y 1 persona más reaccionaron a tu publicación');
  t.equal(es(4), 'Ana y 3 personas más reaccionaron a tu publicación');
  t.equal(i18n.t('es-MX', 'notification.reaction.count', { count: 1 }), '1 persona reaccionó a tu publicación');
  t.equal(i18n.t('es-MX', 'notification.reaction.count', { count: 3 }), '3 personas reaccionaron a tu publicación');
  t.equal(i18n.t('en', 'notification.reaction.grouped', { count: 3, actor: 'Ana' }), 'Ana and 2 others reacted to your post');

  const ru = (count: number) => i18n.t('ru', 'notification.unread', { count });
  t.equal(ru(1), '1 новое уведомление', 'one');
  t.equal(ru(3), '3 новых уведомления', 'few');
  t.equal(ru(5), '5 новых уведомлений', 'many');
  t.equal(ru(21), '21 новое уведомление', 'one again at 21');
  t.equal(i18n.t('ru', 'errors.TOO_MANY_FAILED_LOGINS', { seconds: 2 }), 'Слишком много неудачных попыток; попробуйте снова через 2 секунды.');

  const n = (value: number) => new Intl.NumberFormat('ar').format(value);
  const ar = (count: number) => i18n.t('ar', 'notification.unread', { count });
  t.equal(ar(0), 'لا توجد إشعارات جديدة', 'zero');
  t.equal(ar(1), 'إشعار جديد واحد', 'one');
  t.equal(ar(2), 'إشعاران جديدان', 'two');
  t.equal(ar(3), `${n(3)} إشعارات جديدة`, 'few');
  t.equal(ar(11), `${n(11)} إشعارًا جديدًا`, 'many');
  t.equal(ar(100), `${n(100)} إشعار جديد`, 'other');
});

t.test('translateError: localized by code, English kept when nothing fits', async (t) => {
  const i18n = await createTranslator({ kernelLocalesDir: kernelLocales });
  const english = i18n.translateError('en', 'INVALID_CREDENTIALS');
  t.equal(english, 'Wrong username/email or password.');
  t.equal(i18n.translateError('es-MX', 'INVALID_CREDENTIALS'), 'Usuario/correo o contraseña incorrectos.', 'Mexican wording');
  t.equal(i18n.translateError('es', 'INVALID_CREDENTIALS'), 'Usuario/correo electrónico o contraseña incorrectos.');
  t.equal(i18n.translateError('es-CO', 'INVALID_CREDENTIALS'), 'Usuario/correo electrónico o contraseña incorrectos.', 'a variant without the key reads its language');
  t.equal(i18n.translateError('ar', 'NOT_FOUND'), 'لم يُعثر على شيء في هذا العنوان.');

  t.equal(i18n.translateError('es', 'WEAK_PASSWORD', { rule: 'min_length', min: 10 }), 'La contraseña debe tener al menos 10 caracteres.');
  t.equal(i18n.translateError('de', 'WEAK_PASSWORD', { rule: 'contains_username' }), 'Das Passwort darf deinen Benutzernamen nicht enthalten.');
  t.equal(i18n.translateError('es', 'WEAK_PASSWORD', { rule: 'min_length' }), 'Esta contraseña es demasiado débil; elige otra.', 'without {min} the general message is used');
  t.equal(i18n.translateError('fr', 'WEAK_PASSWORD', { rule: 'a_rule_nobody_wrote' }), 'Ce mot de passe est trop faible\u00a0; choisissez-en un autre.');

  t.equal(i18n.translateError('de', 'TOO_MANY_FAILED_LOGINS', { retryAfter: 30 }), 'Zu viele fehlgeschlagene Versuche; versuche es in 30 Sekunden erneut.', 'retryAfter is the seconds');
  t.equal(i18n.translateError('de', 'RATE_LIMITED', { retryAfter: '1 minute' }), null, 'no number of seconds: the English message from code stays');
  t.equal(i18n.translateError('es', 'NO_SUCH_CODE'), null, 'an unknown code is left to the caller');
  t.equal(i18n.translateError('pl', 'METHOD_NOT_ALLOWED', { allowed: ['GET', 'HEAD'] }), 'Ta metoda nie jest tu dozwolona; użyj GET, HEAD.');

  const issue = [{ in: 'body', field: 'username', keyword: 'required', message: 'is required' }];
  t.equal(i18n.translateError('es', 'VALIDATION_FAILED', issue), 'body.username es obligatorio.');
  t.equal(i18n.translateValidationIssue('ja', { field: 'username', keyword: 'minLength', params: { limit: 3 } }), 'username は3文字以上にしてください。');
  t.equal(i18n.translateValidationIssue('it', { field: 'bio', keyword: 'pattern' }), 'bio non è valido.', 'keywords without a message read "not valid"');
  t.equal(i18n.translateError('it', 'VALIDATION_FAILED', 'not an array'), 'Alcuni dei dati inviati non sono validi.');
});

t.test('account mails in the reader’s language', async (t) => {
  const i18n = await createTranslator({ kernelLocalesDir: kernelLocales });
  const vars = { name: 'Lupita', site: 'PetAmigos', link: 'https://pet.example/verify?t=abc' };
  const mx = i18n.renderMail('es-MX', 'verify_email', vars);
  t.equal(mx.subject, 'Confirma tu correo en PetAmigos');
  t.equal(mx.text, 'Hola, Lupita:\n\nConfirma tu correo abriendo este enlace (válido por 24 horas):\nhttps://pet.example/verify?t=abc\n\nSi no te registraste en PetAmigos, ignora este mensaje.');
  t.equal(i18n.renderMail('es-MX', 'reset_password', vars).subject, 'Restablece tu contraseña de PetAmigos', 'the rest of es-MX comes from es');
  t.equal(i18n.renderMail('zh-TW', 'verify_email', vars).subject, '請確認你在 PetAmigos 的電子郵件');
  for (const language of LANGUAGES) {
    for (const kind of ['verify_email', 'reset_password']) {
      const mail = i18n.renderMail(language, kind, vars);
      t.ok(mail.text.includes(vars.link) && mail.text.includes('Lupita') && mail.subject.includes('PetAmigos'), `${language} ${kind} carries the link, the name and the site`);
    }
  }
  t.throws(() => i18n.renderMail('es', 'no_such_mail', vars), /no_such_mail/);

  const packaged = await createTranslator();
  t.equal(packaged.translateError('pt-PT', 'WRONG_PASSWORD'), 'A palavra-passe não está correta.', 'without a folder the @petamigos/locales package is read');
});

t.test('fallback: variant → language → English, per key, across namespaces', async (t) => {
  const plugin = await tempDir(t, {
    'en.json': { a: 'only English', b: 'English b', c: 'English c', d: '{count, plural, one {# bone} other {# bones}}', e: 'E' },
    'es.json': { b: 'español b', c: 'español c', d: '{count, plural, one {# hueso} other {# huesos}', e: '' },
    'es-MX.json': { c: 'mexicano c' },
    'sv.json': { a: 'svenska' },
  });
  const problems: TranslationProblem[] = [];
  const i18n = await createTranslator({ kernelLocalesDir: kernelLocales, pluginLocales: [{ namespace: 'kennel', dir: plugin }], onError: (p) => problems.push(p) });
  t.equal(i18n.t('es-MX', 'kennel:c'), 'mexicano c');
  t.equal(i18n.t('es-MX', 'kennel:b'), 'español b');
  t.equal(i18n.t('es-MX', 'kennel:a'), 'only English', 'a key missing from variant and language reads English');
  t.equal(i18n.t('es', 'kennel:e'), 'E', 'an empty translation counts as missing');
  t.equal(i18n.t('es', 'kennel:d', { count: 2 }), '2 bones', 'a translation that does not parse falls back to English');
  t.same(problems.map((p) => `${p.kind} ${p.locale} ${p.namespace} ${p.key}`), ['broken es kennel d'], 'and is reported');
  problems.length = 0;
  t.equal(i18n.translateError('de', 'TOO_MANY_FAILED_LOGINS', {}), null, 'no seconds to fill in: null');
  t.same(problems.map((p) => `${p.kind} ${p.locale}`), ['missing-value de', 'missing-value en'], 'reported as a missing value, not as a broken translation');
  t.equal(i18n.t('es', 'kennel:nothing.here'), 'kennel:nothing.here', 'an unknown key comes back as the key');

  const kennel = i18n.forNamespace('kennel');
  t.equal(kennel.t('es', 'b'), 'español b', "a plugin's keys need no prefix in its own translator");
  t.equal(kennel.translateError('es', 'AUTH_REQUIRED'), 'Inicia sesión para hacer esto.', 'kernel codes still reach a plugin');
  t.throws(() => i18n.forNamespace('nobody'), /nobody/);
  await t.rejects(createTranslator({ kernelLocalesDir: kernelLocales, pluginLocales: [{ namespace: 'kernel', dir: plugin }] }), /kernel/, 'a plugin cannot take the kernel namespace');

  const bundle = i18n.bundle('es-MX');
  t.equal(bundle.locale, 'es-MX');
  t.equal(bundle.dir, 'ltr');
  t.same(bundle.fallbacks, ['es-MX', 'es', 'en']);
  t.same(bundle.strings.kennel, { a: 'only English', b: 'español b', c: 'mexicano c', d: '{count, plural, one {# hueso} other {# huesos}', e: 'E' });
  t.equal((bundle.strings.kernel!.errors as StringTree).INVALID_CREDENTIALS, 'Usuario/correo o contraseña incorrectos.');
  t.equal((bundle.strings.kernel!.errors as StringTree).BAD_REQUEST, 'La solicitud no es válida.');
  t.equal(i18n.bundle('ar').dir, 'rtl');
  t.equal(i18n.bundle('ur-PK').locale, 'ur');
  t.equal(i18n.bundle('ur-PK').dir, 'rtl');
  t.equal(i18n.bundle('tlh').locale, 'en');
});

t.test('zh-TW is written in Traditional characters', async (t) => {
  const files = await readLocaleDir(kernelLocales);
  const traditional = flatten(files.get('zh-TW')!);
  const simplified = flatten(files.get('zh')!);
  // Characters that exist only in Simplified Chinese; any of them in zh-TW is a copy from zh.
  const simplifiedOnly = /[账号请码录验无过时为这个该户务设邮链频选择输关开启删发设确认们应从让还进]/u;
  for (const [key, value] of traditional) t.notMatch(value, simplifiedOnly, `zh-TW ${key}`);
  const differing = [...traditional.keys()].filter((key) => traditional.get(key) !== simplified.get(key));
  t.ok(differing.length >= simplified.size - 5, 'zh-TW rewrites nearly every string of zh');
});

t.test('notification texts in the recipient\u2019s language', async (t) => {
  const plugin = await tempDir(t, {
    'en.json': { notification: { bark: '{actor} barked at you', fetch: '{actor} fetched {toy}' } },
    'es.json': { notification: { bark: '{actor} te ladró' } },
  });
  const i18n = await createTranslator({ kernelLocalesDir: kernelLocales, pluginLocales: [{ namespace: 'kennel', dir: plugin }] });
  const render = createNotificationRenderer(i18n);
  const note = (textKey: string, actorNames: string[], actorCount: number, data = {}) => ({ textKey, actorNames, actorCount, data });
  t.equal(render(note('notification.reaction.grouped', ['Ana', 'Beto'], 3), 'es-MX'), 'Ana y 2 personas más reaccionaron a tu publicación', 'count is everyone in the group');
  t.equal(render(note('notification.reaction.grouped', ['Ana'], 1), 'ar'), 'تفاعل Ana مع منشورك');
  t.equal(render(note('notification.follow', [], 1), 'de'), 'Jemand folgt dir jetzt', 'no actor name: "someone" in the reader\u2019s language');
  t.equal(render(note('kennel:notification.bark', ['Ana'], 1), 'es'), 'Ana te ladró', "a plugin's own key");
  t.equal(render(note('kennel:notification.fetch', ['Ana'], 1, { toy: 'la pelota' }), 'es'), 'Ana fetched la pelota', 'data fills the message; a missing translation reads English');
  t.equal(render(note('kennel:notification.follow', ['Ana'], 1), 'fr'), 'Ana a commencé à vous suivre', "a plugin may use the kernel's texts");
  t.equal(render(note('kennel:notification.nothing', ['Ana'], 1), 'es'), 'Ana: kennel:notification.nothing', 'an unknown key does not throw');
});
