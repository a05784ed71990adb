/** Names of the 16 values of a 4x4 grid feature, row-major: `${prefix}_r0c0` .. `${prefix}_r3c3`. */
export function gridNames(prefix: string): string[] {
  const names: string[] = [];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) names.push(`${prefix}_r${r}c${c}`);
  return names;
}
