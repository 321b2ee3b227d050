/**
 * Where the emulator's randomness comes from: one seeded generator per purpose, so a seed reproduces the
 * same order ids and the same fault decisions run after run, and adding a fault does not change ids.
 */

/** mulberry32: small, fast, and good enough to pick ids and fault coin flips. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface IdMinter {
  /** 12 hexadecimal characters, like the service's current order ids. */
  orderId(): string;
  attachmentId(): string;
  /** A GUID, like the service's subscription ids. */
  subscriptionId(): string;
}

export function createIdMinter(seed: number): IdMinter {
  const random = seededRandom(seed);
  const hex = (length: number) => {
    let text = "";
    while (text.length < length) text += Math.floor(random() * 16).toString(16);
    return text;
  };
  const guid = () => {
    const h = hex(32);
    const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  return { orderId: () => hex(12), attachmentId: () => hex(12), subscriptionId: guid };
}
