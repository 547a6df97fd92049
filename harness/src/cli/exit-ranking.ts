import { ExitCode } from '../errors/index.js';

/**
 * How serious each exit code is for a gate of several runs, most serious first: something left in
 * place (5), interrupted (143, 130: the gate did not finish), a run that could not be carried out
 * (3), a failed check (1), inconclusive (4), passed (0). Invalid input (2) stops a gate before any
 * run starts, so it never meets the others.
 */
const RANKING: readonly number[] = [
  ExitCode.rollbackFailed,
  ExitCode.terminated,
  ExitCode.interrupted,
  ExitCode.runFailed,
  ExitCode.checkFailed,
  ExitCode.inconclusive,
  ExitCode.passed,
];

/** The most serious of the codes; an unknown code ranks as a run that could not be carried out. */
export function mostSeriousExitCode(codes: readonly number[]): number {
  const rank = (code: number): number => {
    const i = RANKING.indexOf(code);
    return i < 0 ? RANKING.indexOf(ExitCode.runFailed) : i;
  };
  return codes.reduce<number>((worst, c) => (rank(c) < rank(worst) ? c : worst), ExitCode.passed);
}
