// Keyed list rendering without a framework: a relint that leaves most findings as they were
// keeps their rows (same elements, no layout work), and the list's DOM is only touched when
// the sequence of rows really changed.

export class KeyedRows<T> {
  private byKey = new Map<string, HTMLElement[]>();

  constructor(
    private readonly key: (item: T) => string,
    private readonly make: (item: T) => HTMLElement,
  ) {}

  /** One element per item: the previous call's element with the same key, else a new one. */
  rows(items: readonly T[]): HTMLElement[] {
    const next = new Map<string, HTMLElement[]>();
    const out: HTMLElement[] = [];
    for (const item of items) {
      const k = this.key(item);
      const pool = this.byKey.get(k);
      const el = pool && pool.length > 0 ? pool.pop()! : this.make(item);
      const same = next.get(k);
      if (same) same.push(el);
      else next.set(k, [el]);
      out.push(el);
    }
    this.byKey = next;
    return out;
  }

  /** Forgets every row (their elements are not reused any more). */
  clear(): void {
    this.byKey.clear();
  }
}

/** Makes `children` the children of `parent`; returns false (touching nothing) if they already are. */
export function setChildren(parent: Element, children: readonly Node[]): boolean {
  const current = parent.childNodes;
  if (current.length === children.length && children.every((c, i) => current[i] === c)) return false;
  parent.replaceChildren(...children);
  return true;
}
