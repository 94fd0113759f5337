import { COMMUNITIES, DEPARTMENTS, DEPARTMENT_BY_ID, TOWNS } from '../../shared/domain/taxonomy.ts'
import type { Grid, Group, UserPublic } from '../../shared/domain/types.ts'
import { hashPassword, verifyPassword } from '../auth/passwords.ts'
import { buildGeography } from '../seed/geography.ts'
import type { Store, UserRecord } from '../store/types.ts'

/**
 * Reference data (grids, groups, departments) and accounts. Grids and groups are generated
 * deterministically from the real divisions, so they are not written on every store write.
 * Demo accounts exist only while the demo is on; real accounts live in the store.
 */
export class Directory {
  readonly grids: readonly Grid[]
  readonly groups: readonly Group[]
  readonly gridById: ReadonlyMap<string, Grid>
  readonly groupById: ReadonlyMap<string, Group>
  readonly totalMembers: number
  #demoUsers = new Map<string, UserRecord>()

  constructor(private readonly store: Store) {
    const geo = buildGeography()
    this.grids = geo.grids
    this.groups = geo.groups
    this.gridById = new Map(geo.grids.map((g) => [g.id, g]))
    this.groupById = new Map(geo.groups.map((g) => [g.id, g]))
    this.totalMembers = geo.groups.reduce((s, g) => s + g.members, 0)
  }

  /** Creates the demo accounts, all sharing one salted hash of DEMO_PASSWORD (held in memory only). */
  async enableDemo(password: string): Promise<void> {
    const passwordHash = await hashPassword(password)
    const add = (u: Omit<UserRecord, 'passwordHash'>) => this.#demoUsers.set(u.username, { ...u, passwordHash })
    add({ id: 'u-chief', username: 'chief', name: '总网长', role: 'chief' })
    add({ id: 'u-leadership', username: 'leadership', name: '区领导', role: 'leadership' })
    add({ id: 'u-display', username: 'display', name: '指挥中心大屏', role: 'display' })
    for (const d of DEPARTMENTS) add({ id: `u-${d.id}`, username: d.id, name: `${d.short}网长`, role: 'dept', departmentId: d.id })
    for (const g of this.groups) add({ id: `u-${g.id}`, username: g.id, name: `${g.name}网长`, role: 'reporter', groupId: g.id })
  }

  findUser(username: string): UserRecord | undefined {
    return this.store.users().find((u) => u.username === username && !u.disabled) ?? this.#demoUsers.get(username)
  }

  userById(id: string): UserRecord | undefined {
    return this.store.users().find((u) => u.id === id && !u.disabled) ?? this.#demoById(id)
  }

  #demoById(id: string): UserRecord | undefined {
    return id.startsWith('u-') ? this.#demoUsers.get(id.slice(2)) : undefined
  }

  async authenticate(username: string, password: string): Promise<UserRecord | null> {
    const user = this.findUser(username)
    // verify against a dummy hash when the user is unknown so timing does not reveal usernames
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
    return user && ok ? user : null
  }

  publicUser(u: UserRecord): UserPublic {
    const group = u.groupId ? this.groupById.get(u.groupId) : undefined
    return {
      id: u.id, username: u.username, name: u.name, role: u.role,
      ...(u.departmentId ? { departmentId: u.departmentId } : {}),
      ...(u.groupId ? { groupId: u.groupId } : {}),
      // a group leader's page defaults reports to the group's own grid
      ...(group ? { group: { id: group.id, name: group.name, type: group.type, townCode: group.townCode, communityCode: group.communityCode, gridId: group.gridId } } : {}),
    }
  }

  meta() {
    return {
      towns: TOWNS,
      communities: COMMUNITIES,
      departments: DEPARTMENTS,
      counts: {
        towns: TOWNS.length,
        communities: COMMUNITIES.length,
        grids: this.grids.length,
        groups: this.groups.length,
        members: this.totalMembers,
        departments: DEPARTMENTS.length,
      },
    }
  }

  isDepartment(id: string): boolean {
    return DEPARTMENT_BY_ID.has(id)
  }
}

const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
