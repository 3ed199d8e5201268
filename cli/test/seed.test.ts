import t from 'tap';
import pg from 'pg';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { demoPeople } from '../src/lib/demo-people.js';
import { cleanEnv, makeProject, runCli } from './run-cli.js';

t.test('demo people are the same on every run, valid for sign-up, with a pet in each bio', async (t) => {
  const people = demoPeople(200);
  t.same(demoPeople(5), people.slice(0, 5), 'a prefix of the larger set: seeding more adds, never replaces');
  t.equal(new Set(people.map((p) => p.username.toLowerCase())).size, 200, 'usernames are unique');
  for (const p of people) {
    t.match(p.username, /^[A-Za-z0-9_]{3,30}$/);
    t.match(p.language, /^[a-z]{2}(-[A-Z]{2})?$/);
  }
  t.ok(people.filter((p) => p.language === 'es-MX').length > 100, 'mostly Mexican Spanish');
  t.ok(people.some((p) => /[áéíóú]/.test(p.displayName)), 'names keep their accents');
  t.ok(people.every((p) => /Canela|Firulais|Michi|Chispa|Tlacuache|Luna|Pancho|Nube|Tamal|Coco|Frida|Pelusa/.test(p.bio)), 'every bio has a pet');
});

for (const database of testDatabases()) {
  t.test(`seed creates demo accounts with progress, and skips the ones it made before [${database}]`, async (t) => {
    const project = await makeProject({}, { embedded: database === 'pglite' });
    t.teardown(project.remove);
    let env = cleanEnv();
    let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    if (database === 'postgres') {
      db = await createTestDatabase('postgres');
      t.teardown(() => db!.drop());
      env = cleanEnv({ DATABASE_URL: db.url!, PETAMIGOS_AUTO_MIGRATE: '1' });
    }
    const first = await runCli(['seed', '--users', '4'], { cwd: project.dir, env });
    t.equal(first.code, 0, first.stderr);
    t.match(first.stderr, /seeding accounts 1\/4 @\w+\n[\s\S]*seeding accounts 4\/4 @\w+\n/, 'progress on stderr');
    t.match(first.stdout, /✔ 4 demo account\(s\) created, 0 already there; 4 in all\n\s+Log in as any of them \(e\.g\. @\w+\) with the password: amigos-demo-2026/);
    t.notMatch(first.stdout, /pet profile/, 'without the social and feed plugins, accounts only');

    const second = await runCli(['seed', '--users', '6', '--json'], { cwd: project.dir, env });
    t.equal(second.code, 0, second.stderr);
    const result = JSON.parse(second.stdout);
    t.match(result, { created: 2, skipped: 4, password: 'amigos-demo-2026' });
    t.same(result.users, demoPeople(6).map((p) => p.username));

    if (db) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      t.teardown(() => client.end());
      const { rows } = await client.query('select username, display_name, bio, language, timezone from kernel_user order by username');
      t.equal(rows.length, 6);
      const expected = new Map(demoPeople(6).map((p) => [p.username, p]));
      for (const row of rows) t.match(row, { display_name: expected.get(row.username)!.displayName, bio: expected.get(row.username)!.bio, timezone: expected.get(row.username)!.timezone });
      const { rows: mail } = await client.query('select count(*)::int as n from kernel_mail_outbox');
      t.equal(mail[0].n, 6, 'verification mails stay in the outbox');
    }
  });
}

t.test('with social and feed enabled, seed adds pets with photos, follows and posts with pictures', async (t) => {
  const project = await makeProject(
    { 'petamigos.config.ts': "import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ plugins: { social: { package: '@petamigos/plugin-social' }, feed: { package: '@petamigos/plugin-feed' } } });\n" },
    { embedded: true },
  );
  t.teardown(project.remove);
  const result = await runCli(['seed', '--users', '3', '--json'], { cwd: project.dir, env: cleanEnv() });
  t.equal(result.code, 0, result.stderr);
  t.match(JSON.parse(result.stdout), { created: 3, pets: 3, posts: 6 });
});
