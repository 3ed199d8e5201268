import { Args, Flags } from '@oclif/core';
import { PetAmigosCommand } from '../../base-command.js';
import { CLI_ORIGIN, findUser, ROLES, sql, type Role } from '../../lib/accounts.js';
import { CliError } from '../../lib/errors.js';

export default class UsersPromote extends PetAmigosCommand {
  static override summary = "Change an account's role (admin, moderator or user).";
  static override description =
    'Sets the role through the kernel\'s accounts service; the change is recorded in the audit log as made from the command line, and applies to the user\'s next request (no new log-in needed). Demoting the last admin is refused unless --force: without an admin nobody can manage the community from the web.';

  static override examples = [
    { description: 'Make beto a moderator', command: '<%= config.bin %> users promote beto --role moderator' },
    { description: 'Take the moderator role back', command: '<%= config.bin %> users promote beto --role user' },
  ];

  static override args = { username: Args.string({ description: 'Whose role to change.', required: true }) };
  static override flags = {
    role: Flags.string({ char: 'r', description: 'The new role.', options: ROLES, required: true }),
    force: Flags.boolean({ description: 'Allow demoting the last admin.', default: false }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ user: unknown; from: Role; to: Role }> {
    const { args, flags } = await this.parse(UsersPromote);
    const role = flags.role as Role;
    const kernel = await this.bootKernel(await this.loadConfig(flags.config));
    try {
      const target = await findUser(kernel, args.username);
      if (!target) throw new CliError(`no user named @${args.username}; see \`petamigos users list\``, { code: 'USER_NOT_FOUND' });
      if (target.role === role) {
        this.log(`@${target.username} is already ${role}`);
        return { user: await kernel.accounts.getPrivateUser(target.id), from: role, to: role };
      }
      if (target.role === 'admin' && !flags.force) {
        const [admins] = await sql<{ n: number }>(kernel, "select count(*)::int as n from kernel_user where role = 'admin' and suspended_at is null");
        if (admins!.n <= 1) throw new CliError(`@${target.username} is the last admin; promote someone else first, or pass --force`, { code: 'LAST_ADMIN' });
      }
      const user = await kernel.accounts.setRole(null, target.id, role, CLI_ORIGIN);
      this.log(`✔ @${target.username}: ${target.role} → ${role}`);
      return { user, from: target.role, to: role };
    } finally {
      await kernel.close();
    }
  }
}
