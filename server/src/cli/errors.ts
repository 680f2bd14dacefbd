/** How the CLI ends: its exit codes and the two kinds of problem that end it early with exit code 2. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake on the command line; the message is one line and the CLI adds a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A problem with the installation or the inputs that is not a command-line mistake (no usable rules, unwritable --output). */
export class SetupError extends Error {
  override name = 'SetupError';
}
