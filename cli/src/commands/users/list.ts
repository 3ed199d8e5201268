import { Flags } from '@oclif/core';
import { PetAmigosCommand } from '../../base-command.js';
import { listUsers, ROLES, type Role, type UserRow } from '../../lib/accounts.js';
import { table } from '../../lib/table.js';

export default class UsersList extends PetAmigosCommand {
  static override summary = 'List accounts, oldest first.';
  static override description = 'Reads the accounts table directly (no server needed). Use --role to find the admins or moderators, --search to match a username, email or display name.';

  static override examples = [
    { description: 'Who the admins are', command: '<%= config.bin %> users list --role admin' },
    { description: 'For scripts', command: "<%= config.bin %> users list --json | jq -r '.users[].email'" },
  ];

  static override flags = {
    role: Flags.string({ char: 'r', description: 'Only this role.', options: ROLES }),
    search: Flags.string({ char: 's', description: 'Part of a username, email or display name.' }),
    limit: Flags.integer({ description: 'At most this many.', default: 100, min: 1 }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ users: UserRow[] }> {
    const { flags } = await this.parse(UsersList);
    const kernel = await this.bootKernel(await this.loadConfig(flags.config));
    try {
      const users = await listUsers(kernel, { role: flags.role as Role | undefined, search: flags.search, limit: flags.limit });
      if (users.length === 0) this.log(flags.role || flags.search ? 'no matching users' : 'no users yet; create the first admin with `petamigos users create --admin`');
      else {
        this.log(table([
          ['USERNAME', 'ROLE', 'EMAIL', 'NAME', 'CREATED', 'STATE'],
          ...users.map((u) => [u.username, u.role, u.email, u.displayName, u.createdAt.slice(0, 10), u.suspended ? 'suspended' : u.emailVerified ? 'verified' : 'unverified']),
        ]));
        if (users.length === flags.limit) this.log(`\n  (first ${flags.limit}; raise --limit for more)`);
      }
      return { users };
    } finally {
      await kernel.close();
    }
  }
}
