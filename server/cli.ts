/**
 * Administration for a real deployment (DEMO=off has no demo accounts):
 *   npm run admin -- user:add --username wang --role chief --name 王主任   (password from ECHO365_PASSWORD or stdin)
 *   npm run admin -- user:add --username cgj01 --role dept --department urban-mgmt --name 城管局网长
 *   npm run admin -- user:add --username grp-0001 --role reporter --group grp-0001 --name 张网长
 *   npm run admin -- user:disable --username wang
 *   npm run admin -- user:list
 * Run it while the server is stopped: both write the same store file.
 */
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline/promises'
import { z } from 'zod'
import { ROLES } from '../shared/domain/types.ts'
import { DEPARTMENT_BY_ID } from '../shared/domain/taxonomy.ts'
import { loadConfig } from './config.ts'
import { hashPassword } from './auth/passwords.ts'
import { LowdbStore } from './store/lowdbStore.ts'
import { buildGeography } from './seed/geography.ts'

const userInput = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, 'username: 2–64 letters, digits, _ . -'),
  role: z.enum(ROLES),
  name: z.string().min(1).max(64),
  department: z.string().optional(),
  group: z.string().optional(),
}).superRefine((u, ctx) => {
  if (u.role === 'dept' && (!u.department || !DEPARTMENT_BY_ID.has(u.department))) ctx.addIssue({ code: 'custom', message: 'role dept needs --department with a known department id' })
  if (u.role === 'reporter' && (!u.group || !buildGeography().groups.some((g) => g.id === u.group))) ctx.addIssue({ code: 'custom', message: 'role reporter needs --group with a known group id' })
})

async function readPassword(): Promise<string> {
  if (process.env.ECHO365_PASSWORD) return process.env.ECHO365_PASSWORD
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  const p = await rl.question('Password: ')
  rl.close()
  return p.trim()
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2)
  const { values } = parseArgs({
    args: rest,
    options: { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, department: { type: 'string' }, group: { type: 'string' } },
  })
  const store = new LowdbStore(loadConfig().dataDir)
  await store.init()
  switch (command) {
    case 'user:add': {
      const parsed = userInput.safeParse({ ...values, name: values.name ?? values.username })
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => i.message).join('\n'))
        return 2
      }
      const password = await readPassword()
      if (password.length < 8) {
        console.error('password: at least 8 characters')
        return 2
      }
      const u = parsed.data
      const existing = store.users().find((x) => x.username === u.username)
      await store.putUser({
        id: existing?.id ?? `u-${randomUUID()}`, username: u.username, name: u.name, role: u.role,
        ...(u.department ? { departmentId: u.department } : {}), ...(u.group ? { groupId: u.group } : {}),
        passwordHash: await hashPassword(password),
      })
      console.log(`${existing ? 'updated' : 'created'} ${u.username} (${u.role})`)
      return 0
    }
    case 'user:disable': {
      const u = store.users().find((x) => x.username === values.username)
      if (!u) {
        console.error(`no such user: ${values.username}`)
        return 1
      }
      await store.putUser({ ...u, disabled: true })
      console.log(`disabled ${u.username}`)
      return 0
    }
    case 'user:list':
      for (const u of store.users()) console.log(`${u.username}\t${u.role}\t${u.name}${u.disabled ? '\t(disabled)' : ''}`)
      return 0
    default:
      console.error('usage: npm run admin -- user:add|user:disable|user:list [--username --role --name --department --group]')
      return 2
  }
}

process.exitCode = await main()
