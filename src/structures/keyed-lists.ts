import { StringTable } from './string-table.js';
import { grown } from './typed-array.js';

/**
 * A map from text (ticket ids) to lists of values (a ticket's group keys: agent, team…),
 * for survey answers that take their ticket's groups. Millions of tickets share a few
 * distinct lists, so each list is stored once and each id holds a number: the ids in a
 * StringTable (bytes, no string object per id), the list numbers beside them. A Map of
 * strings to an array per ticket cost ~110 bytes a ticket; this costs ~60.
 * Cost: set and get O(length of the id) amortised; memory O(ids + distinct lists).
 *
 * @example const m = new KeyedLists<string | null>(); m.set('T1', ['ann', null]); m.get('T1') // ['ann', null]
 */
export class KeyedLists<V> {
  private readonly ids = new StringTable();
  private listOf = new Int32Array(64);
  private readonly lists: (readonly V[])[] = [];
  /** The lists met so far, as a trie over their values: a list is found by its values, no joined string. */
  private readonly trie: TrieNode<V> = { list: -1, next: new Map() };

  /** Sets id's list (a second set of the same id replaces the first). */
  set(id: string, list: readonly V[]): void {
    const found = this.ids.add(id);
    const e = found >= 0 ? found : -found - 1;
    if (e >= this.listOf.length) this.listOf = grown(this.listOf, e + 1);
    this.listOf[e] = this.numberOf(list);
  }

  /** id's list (the stored copy: not to be changed), or undefined. */
  get(id: string): readonly V[] | undefined {
    const e = this.ids.indexOf(id);
    return e < 0 ? undefined : this.lists[this.listOf[e]];
  }

  private numberOf(list: readonly V[]): number {
    let node = this.trie;
    for (const v of list) {
      let child = node.next.get(v);
      if (child === undefined) node.next.set(v, (child = { list: -1, next: new Map() }));
      node = child;
    }
    if (node.list < 0) {
      node.list = this.lists.length;
      this.lists.push(list.slice());
    }
    return node.list;
  }
}

interface TrieNode<V> {
  list: number;
  next: Map<V, TrieNode<V>>;
}
