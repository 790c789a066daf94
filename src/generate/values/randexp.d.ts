/** Type declarations for randexp 0.6 (it ships none): only what the pattern generator uses. */
declare module 'randexp' {
  export default class RandExp {
    constructor(pattern: RegExp | string, flags?: string);
    max: number;
    randInt: (low: number, high: number) => number;
    gen(): string;
  }
}
