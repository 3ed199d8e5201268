import { Flags } from '@oclif/core';
import { PetAmigosCommand } from '../../base-command.js';
import { CLI_ORIGIN, EMAIL, USERNAME, type Role } from '../../lib/accounts.js';
import { CliError } from '../../lib/errors.js';
import { canPrompt, Prompter } from '../../lib/prompt.js';

export default class UsersCreate extends PetAmigosCommand {
  static override summary = 'Create an account (the first admin, a moderator, anyone).';
  static override description =
    'Creates the account through the kernel\'s accounts service, so the password policy, unique username and email, and the audit log apply exactly as for a sign-up; it works even when public registration is closed. The password comes from the terminal prompt (asked twice, not echoed), or PETAMIGOS_PASSWORD for scripts; --password works too but lands in your shell history. On the embedded database pending migrations are applied first, as `petamigos start` does; on PostgreSQL run `petamigos migrate` first.';

  static override examples = [
    { description: 'The first admin (asks for the password)', command: '<%= config.bin %> users create --admin --username ana --email ana@example.mx' },
    { description: 'From a script', command: 'PETAMIGOS_PASSWORD="$(cat /run/secrets/mod)" <%= config.bin %> users create --moderator --username beto --email beto@example.mx' },
  ];

  static override flags = {
    username: Flags.string({ char: 'u', description: '3–30 letters, digits or underscores.' }),
    email: Flags.string({ char: 'e', description: 'Email address (unique).' }),
    password: Flags.string({ description: 'Password (prefer the prompt or PETAMIGOS_PASSWORD: flags end up in shell history).' }),
    admin: Flags.boolean({ description: 'Give the admin role.', exclusive: ['moderator'], default: false }),
    moderator: Flags.boolean({ description: 'Give the moderator role.', exclusive: ['admin'], default: false }),
    'display-name': Flags.string({ description: 'Name shown on the profile (default: the username).' }),
    language: Flags.string({ description: 'Language for mails and the UI, e.g. es-MX (default: site.defaultLocale).' }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ user: unknown }> {
    const { flags } = await this.parse(UsersCreate);
    const interactive = canPrompt() && !this.jsonEnabled();
    const prompter = interactive ? new Prompter() : undefined;
    let username: string | undefined;
    let email: string | undefined;
    let password: string;
    try {
      username = flags.username ?? (await prompter?.ask('Username?'));
      email = flags.email ?? (await prompter?.ask('Email?'));
      this.checkInput(username, email, flags.language);
      password = await this.password(flags.password, prompter);
    } finally {
      prompter?.close();
    }
    const role: Role = flags.admin ? 'admin' : flags.moderator ? 'moderator' : 'user';

    const config = await this.loadConfig(flags.config);
    const kernel = await this.bootKernel(config);
    try {
      const { user } = await kernel.accounts.register(
        { username: username!, email: email!, password, displayName: flags['display-name'], language: flags.language },
        CLI_ORIGIN,
        { role, bypassRegistrationRule: true },
      );
      this.log(`✔ created ${role === 'user' ? 'user' : role} @${user.username} (${user.email})`);
      if (role === 'admin') this.log(`  Log in at ${config.site.publicUrl}; admins manage the community under /api/admin (and /admin when the admin UI lands).`);
      return { user };
    } finally {
      await kernel.close();
    }
  }

  private checkInput(username: string | undefined, email: string | undefined, language: string | undefined): void {
    if (!username) throw new CliError('--username is required (3–30 letters, digits or underscores)', { code: 'INVALID_INPUT', exit: 2 });
    if (!USERNAME.test(username)) throw new CliError(`--username: "${username}" must be 3–30 letters, digits or underscores`, { code: 'INVALID_INPUT', exit: 2 });
    if (!email) throw new CliError('--email is required', { code: 'INVALID_INPUT', exit: 2 });
    if (!EMAIL.test(email)) throw new CliError(`--email: "${email}" is not an email address`, { code: 'INVALID_INPUT', exit: 2 });
    if (language && !/^[a-z]{2}(-[A-Z]{2})?$/.test(language)) throw new CliError(`--language: expected a language such as es-MX or en, found "${language}"`, { code: 'INVALID_INPUT', exit: 2 });
  }

  private async password(flag: string | undefined, prompter: Prompter | undefined): Promise<string> {
    if (flag) return flag;
    if (process.env.PETAMIGOS_PASSWORD) return process.env.PETAMIGOS_PASSWORD;
    if (!prompter) {
      throw new CliError('no password given: set PETAMIGOS_PASSWORD, pass --password, or run this in a terminal to be asked', { code: 'INVALID_INPUT', exit: 2 });
    }
    const first = await prompter.secret('Password?');
    const second = await prompter.secret('Password again?');
    if (first !== second) throw new CliError('the two passwords differ; run the command again', { code: 'INVALID_INPUT', exit: 2 });
    return first;
  }
}
