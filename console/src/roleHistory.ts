/** Role history: like AWS's console, the last five roles switched to, kept in this browser. */
export interface RoleHistoryEntry { account: string; roleName: string; displayName: string; color: string }

const KEY = 'gatehouse-console-role-history';
const MAX = 5;

export function roleHistory(): RoleHistoryEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function rememberRole(e: RoleHistoryEntry): void {
  const rest = roleHistory().filter((x) => !(x.account === e.account && x.roleName === e.roleName));
  localStorage.setItem(KEY, JSON.stringify([e, ...rest].slice(0, MAX)));
}
