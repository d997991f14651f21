/**
 * Inputs that parse but do not fit the rule set in force (a kelas with no basic, a tier or a sanction
 * the rules do not price): the run refuses them, naming the officer, the field and why, rather than
 * pay a rupiah it cannot explain.
 */
export class TppInputError extends Error {
  constructor(
    readonly nip: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`TPP input of ${nip} at ${path}: ${reason}`);
    this.name = 'TppInputError';
  }
}
