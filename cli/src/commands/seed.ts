import { Flags } from '@oclif/core';
import { PetAmigosCommand } from '../base-command.js';
import { CLI_ORIGIN, sql } from '../lib/accounts.js';
import { demoPeople } from '../lib/demo-people.js';
import { progress } from '../lib/progress.js';
import { seedContent } from '../lib/seed-content.js';

const DEMO_PASSWORD = 'amigos-demo-2026';

export default class Seed extends PetAmigosCommand {
  static override summary = 'Fill an installation with demo accounts, for trying PetAmigos and for benchmarks.';
  static override description =
    'Creates realistic demo accounts (mostly Mexican-Spanish names, some from elsewhere, each with a pet in the bio, language and time zone) through the kernel\'s accounts service. The same people come out every time, so running it again skips the usernames that exist and adds only what is missing (raise --users for more). Every demo account uses the same password, printed at the end. No mail is sent: verification mails go to the outbox table even when SMTP is configured.\n\nWith the social and feed plugins enabled, every new demo person also gets a pet profile with a photo, follows a few others, and writes posts with hashtags and a picture; the pictures are generated on the spot.';

  static override examples = [
    { description: 'Twenty demo accounts', command: '<%= config.bin %> seed' },
    { description: 'A larger community for benchmarks', command: '<%= config.bin %> seed --users 500' },
  ];

  static override flags = {
    users: Flags.integer({ char: 'n', description: 'How many demo accounts there should be.', default: 20, min: 1, max: 10_000 }),
    password: Flags.string({ description: 'Password of every demo account.', default: DEMO_PASSWORD }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ created: number; skipped: number; password: string; users: string[]; pets: number; posts: number }> {
    const { flags } = await this.parse(Seed);
    const config = await this.loadConfig(flags.config);
    // Demo addresses are made up: their verification mails must never leave the machine.
    const kernel = await this.bootKernel({ ...config, mail: { ...config.mail, smtp: { ...config.mail.smtp, host: undefined } } });
    try {
      const people = demoPeople(flags.users);
      const existing = new Set(
        (await sql<{ username: string }>(kernel, `select lower(username) as username from kernel_user where lower(username) in (${people.map(() => '?').join(', ')})`, people.map((p) => p.username)))
          .map((r) => r.username),
      );
      const todo = people.filter((p) => !existing.has(p.username));
      const bar = progress('seeding accounts', todo.length);
      let pets = 0;
      let posts = 0;
      for (const [index, person] of todo.entries()) {
        const { user } = await kernel.accounts.register(
          { username: person.username, email: person.email, password: flags.password, displayName: person.displayName, language: person.language, timezone: person.timezone },
          CLI_ORIGIN,
          { role: 'user', bypassRegistrationRule: true },
        );
        await kernel.accounts.updateProfile(user.id, { bio: person.bio });
        const content = await seedContent(kernel, person, flags.password, index, people);
        pets += content.pets;
        posts += content.posts;
        bar.tick(`@${person.username}`);
      }
      bar.done();
      this.log(`✔ ${todo.length} demo account(s) created, ${existing.size} already there; ${people.length} in all`);
      if (todo.length > 0 || existing.size > 0) this.log(`  Log in as any of them (e.g. @${people[0]!.username}) with the password: ${flags.password}`);
      if (pets + posts > 0) this.log(`  ${pets} pet profile(s) with photos and ${posts} post(s) with pictures`);
      return { created: todo.length, skipped: existing.size, password: flags.password, users: people.map((p) => p.username), pets, posts };
    } finally {
      await kernel.close();
    }
  }
}
