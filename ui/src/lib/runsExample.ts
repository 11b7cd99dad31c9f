/**
 * The page `encodes_the_shared_example_exactly` in crates/kaigi-pdf/src/runs/mod.rs
 * encodes, word by word: the decoder's tests check it byte for byte.
 */
export const EXAMPLE = [
  0x3358504b, 8, 8, 2, 6, 2, 4, // header: 8 × 8, two bands, six ops, two colours, four grey bytes
  0, 1, 8, 2, // band: rows 1 and 2, all columns
  5, 7, 1, 1, // band: row 7, column 5
  0x00064002, 0xc0064001, 0x40018001, // ops, two to a word: grey 2, run 6; grey 1, paper 6; colours 1, grey 1
  0xff0a0ac8, 0xffc80a0a, // red, blue
  0x631e1eff, // grey 255, 30, 30, 99
];

/** A page `side` pixels square in one band: paper, then one grey pixel of `shade`. */
export function paperPage(side: number, shade: number): ArrayBuffer {
  const ops: number[] = [];
  for (let left = side * side - 1; left > 0; left -= Math.min(left, 0x3fff)) ops.push(0xc000 | Math.min(left, 0x3fff));
  ops.push(0x4001);
  const words = new Uint32Array(new Uint16Array([...ops, ...(ops.length % 2 ? [0] : [])]).buffer);
  return new Uint32Array([0x3358504b, side, side, 1, ops.length, 0, 1, 0, 0, side, side, ...words, shade]).buffer;
}
