/** The middle value (the upper of the two middle ones for an even count): what every bench figure reports. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
