/** A tiny seeded generator of hostile topic strings (no dependency; reproducible by seed). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Topic strings that start from the hierarchy's real shapes (own or other org) and are then mutated:
 * levels replaced by wildcards, the other org's id (and case/space variants), `$` names, empty levels and
 * odd characters; levels inserted, dropped or appended. `wildcards: false` yields publishable names only.
 */
export function topicGenerator(seed: number, own: string, other: string) {
  const next = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const shapes = [
    ['org', '{o}', 'events'],
    ['org', '{o}', 'exercise', 'e1', 'control'],
    ['org', '{o}', 'exercise', 'e1', 'team', 't1', 'feeds', 'chat'],
    ['org', '{o}', '#'],
    ['system', 'health'],
  ];
  const ids = [own, other, other.toUpperCase(), ` ${other}`, `${other} `, `${own}${other}`, `${own}+`, '..'];
  const junk = ['+', '#', '', '$SYS', '$share', '$CONTROL', 'é', ' ', '\\', '%2F', 'org', 'events', 'x'];
  return (wildcards: boolean): string => {
    const levels = pick(shapes).map((l) => (l === '{o}' ? (next() < 0.6 ? own : other) : l));
    const mutations = Math.floor(next() * 4);
    for (let m = 0; m < mutations; m++) {
      const i = Math.floor(next() * (levels.length + 1));
      const r = next();
      const token = r < 0.5 ? pick(junk) : pick(ids);
      if (r < 0.6) levels.splice(i, 1, token);
      else if (r < 0.8) levels.splice(i, 0, token);
      else if (levels.length > 1) levels.splice(i, 1);
    }
    const topic = levels.join('/');
    if (!wildcards) return topic.replace(/[+#]/g, 'w') || 'w';
    return topic.length === 0 ? '#' : topic;
  };
}
