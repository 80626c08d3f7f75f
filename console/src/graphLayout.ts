/**
 * Where the trust graph's boxes and arrows go. dagre places the boxes (left to
 * right) inside one group per account and side: principals on the left, roles
 * on the right; a barycentre pass then orders each group's boxes so that few
 * arrows cross (those who may assume a role sit across from it). Edges are drawn here,
 * not along dagre's points: each leaves its principal's right side and ends on
 * its role's left side, at a port of its own (spread along the side in the
 * order of the other ends, so arrows neither pile up nor cross at the box).
 */
import dagre from '@dagrejs/dagre';

export interface LayoutNode { id: string; kind: string; account?: string }
export interface LayoutEdge { from: string; to: string }
export interface Box { x: number; y: number; width: number; height: number }
export interface PlacedNode extends Box { id: string }
export interface PlacedGroup extends Box { id: string; label: string }
export interface Point { x: number; y: number }
/** start and end lie on the boxes' sides; path is the SVG path between them. */
export interface PlacedEdge { from: string; to: string; start: Point; end: Point; path: string }
export interface Layout { width: number; height: number; nodes: Map<string, PlacedNode>; groups: PlacedGroup[]; edges: PlacedEdge[] }

export const NODE_W = 230;
const NODE_H = 44;
/** vertical distance between two ports on one side of a box */
const PORT_GAP = 14;
/** how far an edge to a role in the same column or to its left bulges out to the right */
const LOOP = 70;
/** room for a group's label above its first box, and below its last */
const GROUP_TOP = 28;
const GROUP_BOTTOM = 12;
const BOX_GAP = 14;
const GROUP_SIDE = 12;
const MARGIN = 12;

/** Roles on the right; users, account roots, services, identity providers and "anyone" on the left. */
export const sideOf = (n: LayoutNode) => (n.kind === 'role' ? 'roles' : 'principals');

function groupOf(n: LayoutNode, accountName: (id: string) => string): { id: string; label: string } {
  const side = sideOf(n);
  if (!n.account) return { id: `outside|${side}`, label: 'Services, identity providers, anyone' };
  return { id: `${n.account}|${side}`, label: `${accountName(n.account)} · ${side === 'roles' ? 'roles' : 'principals'}` };
}

export function layoutTrustGraph(nodes: LayoutNode[], edges: LayoutEdge[], accountName: (id: string) => string): Layout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const drawn = edges.filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to);
  const ports = new Map<string, number>();
  for (const e of drawn) for (const id of [`${e.from}>`, `<${e.to}`]) ports.set(id, (ports.get(id) ?? 0) + 1);
  const heightOf = (id: string) => Math.max(NODE_H, PORT_GAP * (Math.max(ports.get(`${id}>`) ?? 0, ports.get(`<${id}`) ?? 0) + 1));

  const g = new dagre.graphlib.Graph({ compound: true });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 170, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const groups = new Map<string, string>();
  const memberOf = new Map<string, string>();
  for (const n of nodes) {
    const group = groupOf(n, accountName);
    memberOf.set(n.id, group.id);
    if (!groups.has(group.id)) { groups.set(group.id, group.label); g.setNode(group.id, {}); }
    g.setNode(n.id, { width: NODE_W, height: heightOf(n.id) });
    g.setParent(n.id, group.id);
  }
  for (const e of drawn) g.setEdge(e.from, e.to);
  dagre.layout(g);

  const placed = new Map<string, PlacedNode>();
  for (const n of nodes) {
    const d = g.node(n.id);
    placed.set(n.id, { id: n.id, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height });
  }
  const placedGroups: PlacedGroup[] = [...groups].map(([id, label]) => {
    const d = g.node(id);
    return { id, label, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height };
  });

  orderWithinGroups([...placed.values()], drawn, memberOf);
  const height = restack(placedGroups, [...placed.values()], memberOf, g.graph().height ?? 0);
  let width = alignLeft(placedGroups, [...placed.values()]);

  // An edge runs forward when its role is in a column right of the principal; otherwise it loops round to the role's right side.
  const forward = (e: LayoutEdge) => placed.get(e.to)!.x > placed.get(e.from)!.x + NODE_W;
  const portY = portsOf(drawn, placed, forward);

  const placedEdges = drawn.map((e): PlacedEdge => {
    const key = `${e.from}\n${e.to}`;
    const s = placed.get(e.from)!;
    const t = placed.get(e.to)!;
    const start = { x: s.x + s.width, y: portY.get(`out\n${key}`)! };
    if (forward(e)) {
      const end = { x: t.x, y: portY.get(`in-left\n${key}`)! };
      const dx = Math.max(40, (end.x - start.x) / 2);
      return { from: e.from, to: e.to, start, end, path: `M ${start.x} ${start.y} C ${start.x + dx} ${start.y}, ${end.x - dx} ${end.y}, ${end.x} ${end.y}` };
    }
    const end = { x: t.x + t.width, y: portY.get(`in-right\n${key}`)! };
    const out = Math.max(start.x, end.x) + LOOP;
    width = Math.max(width, out + 12);
    return { from: e.from, to: e.to, start, end, path: `M ${start.x} ${start.y} C ${out} ${start.y}, ${out} ${end.y}, ${end.x} ${end.y}` };
  });
  return { width, height, nodes: placed, groups: placedGroups, edges: placedEdges };
}

/** How many pairs of edges cross: edges between the same two columns cross when their ends are in opposite orders. */
export function countCrossings(edges: Array<Pick<PlacedEdge, 'start' | 'end'>>): number {
  let n = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = [edges[i], edges[j]];
      if (a.start.x === b.start.x && a.end.x === b.end.x && (a.start.y - b.start.y) * (a.end.y - b.end.y) < 0) n++;
    }
  }
  return n;
}

const SWEEPS = 4;

/**
 * Orders the boxes inside each group (dagre's columns and groups stay): a few
 * sweeps move each box to the mean position of its neighbours in the other
 * columns (its barycentre), and the order with the fewest crossings is kept,
 * dagre's own if none beats it. Only the boxes' y changes; restack spaces them.
 */
function orderWithinGroups(boxes: PlacedNode[], edges: LayoutEdge[], memberOf: Map<string, string>): void {
  const column = (b: PlacedNode) => Math.round(b.x);
  const columns = [...new Set(boxes.map(column))].sort((a, b) => a - b);
  const inColumn = columns.map((x) => boxes.filter((b) => column(b) === x).sort((a, b) => a.y - b.y));
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const neighbours = new Map<string, string[]>(boxes.map((b) => [b.id, []]));
  for (const e of edges) {
    if (column(byId.get(e.from)!) === column(byId.get(e.to)!)) continue;
    neighbours.get(e.from)!.push(e.to);
    neighbours.get(e.to)!.push(e.from);
  }
  // A box's position: its rank in its column, from 0 (top) to 1 (bottom), so columns of different lengths compare.
  const position = new Map<string, number>();
  const place = (list: PlacedNode[]) => list.forEach((b, i) => position.set(b.id, list.length > 1 ? i / (list.length - 1) : 0.5));
  inColumn.forEach(place);
  const crossings = () => {
    let n = 0;
    const across = edges.filter((e) => column(byId.get(e.from)!) !== column(byId.get(e.to)!)).map((e) => {
      const [l, r] = [byId.get(e.from)!, byId.get(e.to)!].sort((a, b) => a.x - b.x);
      return { cols: `${column(l)}>${column(r)}`, l: position.get(l.id)!, r: position.get(r.id)! };
    });
    for (let i = 0; i < across.length; i++) for (let j = i + 1; j < across.length; j++) {
      const [a, b] = [across[i], across[j]];
      if (a.cols === b.cols && (a.l - b.l) * (a.r - b.r) < 0) n++;
    }
    return n;
  };
  const snapshot = () => inColumn.map((list) => [...list]);
  let best = { order: snapshot(), crossings: crossings() };
  const reorder = (c: number) => {
    const list = inColumn[c];
    const centre = new Map(list.map((b) => {
      const ys = neighbours.get(b.id)!.map((id) => position.get(id)!);
      return [b.id, ys.length ? ys.reduce((s, y) => s + y, 0) / ys.length : position.get(b.id)!];
    }));
    // Groups keep their place in the column: only boxes of one group trade places.
    const groupRank = new Map<string, number>();
    for (const b of list) if (!groupRank.has(memberOf.get(b.id)!)) groupRank.set(memberOf.get(b.id)!, groupRank.size);
    list.sort((a, b) => groupRank.get(memberOf.get(a.id)!)! - groupRank.get(memberOf.get(b.id)!)! || centre.get(a.id)! - centre.get(b.id)!);
    place(list);
  };
  for (let sweep = 0; sweep < SWEEPS && best.crossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    for (let i = 0; i < inColumn.length; i++) reorder(down ? i : inColumn.length - 1 - i);
    const n = crossings();
    if (n < best.crossings) best = { order: snapshot(), crossings: n };
  }
  // The kept order, in the y slots the column's boxes already had (restack spreads them evenly).
  for (const list of best.order) {
    const slots = list.map((b) => b.y).sort((a, b) => a - b);
    list.forEach((b, i) => { b.y = slots[i]; });
  }
}

/**
 * Where each edge meets each box, keyed by side ('out', 'in-left', 'in-right')
 * and edge: spread evenly along the side, in the order of the edges' other
 * ends, so no two arrows share a point and none cross at the box.
 */
function portsOf(edges: LayoutEdge[], placed: Map<string, PlacedNode>, forward: (e: LayoutEdge) => boolean): Map<string, number> {
  const centerY = (id: string) => placed.get(id)!.y + placed.get(id)!.height / 2;
  const bySide = new Map<string, Array<{ key: string; otherY: number }>>();
  const add = (node: string, side: string, key: string, otherY: number) => {
    const k = `${node}\n${side}`;
    bySide.set(k, [...(bySide.get(k) ?? []), { key, otherY }]);
  };
  for (const e of edges) {
    const key = `${e.from}\n${e.to}`;
    add(e.from, 'out', key, centerY(e.to));
    add(e.to, forward(e) ? 'in-left' : 'in-right', key, centerY(e.from));
  }
  const y = new Map<string, number>();
  for (const [k, list] of bySide) {
    const [node, side] = k.split('\n');
    const box = placed.get(node)!;
    const step = box.height / (list.length + 1);
    list.sort((a, b) => a.otherY - b.otherY).forEach((p, i) => y.set(`${side}\n${p.key}`, box.y + step * (i + 1)));
  }
  return y;
}

/**
 * dagre keeps the order; this evens the spacing. In each column, each group's
 * boxes are spread evenly below room for its label, a group growing (and the
 * groups under it moving down) when they need more room. Returns the height.
 */
function restack(groups: PlacedGroup[], nodes: PlacedNode[], memberOf: Map<string, string>, height: number): number {
  const columns = new Map<number, PlacedGroup[]>();
  for (const grp of groups) {
    const key = Math.round(grp.x + grp.width / 2);
    columns.set(key, [...(columns.get(key) ?? []), grp]);
  }
  for (const column of columns.values()) {
    column.sort((a, b) => a.y - b.y);
    let shift = 0;
    for (const grp of column) {
      grp.y += shift;
      const members = nodes.filter((n) => memberOf.get(n.id) === grp.id).sort((a, b) => a.y - b.y);
      const content = members.reduce((sum, n) => sum + n.height, 0);
      const needed = GROUP_TOP + content + BOX_GAP * (members.length - 1) + GROUP_BOTTOM;
      if (needed > grp.height) { shift += needed - grp.height; grp.height = needed; }
      const free = grp.height - GROUP_TOP - GROUP_BOTTOM - content;
      const gap = members.length > 1 ? free / (members.length - 1) : 0;
      let y = grp.y + GROUP_TOP + (members.length > 1 ? 0 : free / 2);
      for (const n of members) { n.y = y; y += n.height + gap; }
      height = Math.max(height, grp.y + grp.height + GROUP_BOTTOM);
      // dagre's clusters are wider than their boxes: fit the group to them.
      const left = Math.min(...members.map((n) => n.x));
      grp.width = Math.max(...members.map((n) => n.x + n.width)) - left + 2 * GROUP_SIDE;
      grp.x = left - GROUP_SIDE;
    }
  }
  return height;
}

/** Moves everything so the leftmost group starts at the margin; returns the right edge plus the margin. */
function alignLeft(groups: PlacedGroup[], nodes: PlacedNode[]): number {
  const dx = MARGIN - Math.min(...groups.map((grp) => grp.x));
  for (const b of [...groups, ...nodes]) b.x += dx;
  return Math.max(...groups.map((grp) => grp.x + grp.width)) + MARGIN;
}
