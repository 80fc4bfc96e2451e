/**
 * The first key given twice in one object of a JSON text, with the line of its second
 * appearance; null when none is. JSON.parse keeps the last silently, so a targets file with
 * a rule appended instead of edited (`{"csat": ">= 95", "csat": ">= 70"}`) would check the
 * laxer one. The text must be valid JSON (parse it first). O(length).
 *
 * @example duplicateKey('{"csat": ">= 95",\n "csat": ">= 70"}') // { key: 'csat', line: 2 }
 */
export function duplicateKey(text: string): { key: string; line: number } | null {
  // One entry per open bracket: the keys seen in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{') (open.push(new Set()), (expectKey = true));
    else if (c === '[') (open.push(null), (expectKey = false));
    else if (c === '}' || c === ']') (open.pop(), (expectKey = false));
    else if (c === ',') expectKey = open.at(-1) instanceof Set;
    else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = open.at(-1)!;
        if (keys.has(key)) return { key, line };
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}
