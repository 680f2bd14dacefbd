/**
 * `ai-guard` — the command line on the same engine as the editor. Parses the command, runs it, and
 * turns every failure into a one-line message and an exit code (0 clean, 1 findings, 2 usage or
 * setup problem); it never throws a stack trace at the user.
 */
import { version } from '../../package.json';
import { HELP_TEXT, parseCommandLine } from './cli/args';
import { EXIT_CLEAN, EXIT_USAGE, SetupError, UsageError } from './cli/errors';
import type { CliContext } from './cli/scanCommand';
import { describeError } from './analysis/errors';

async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'help':
        ctx.stdout.write(HELP_TEXT);
        return EXIT_CLEAN;
      case 'version':
        ctx.stdout.write(`${version}\n`);
        return EXIT_CLEAN;
      case 'rules':
      case 'scan': {
        // Loaded on demand: the engine, schemas and grammars are not needed for --help or a typo.
        const { runRulesCommand, runScanCommand } = await import('./cli/scanCommand');
        return command.kind === 'rules' ? await runRulesCommand(command, ctx) : await runScanCommand(command, ctx);
      }
      case 'gate':
      case 'install-hook': {
        const { runGateCommand, runInstallHookCommand } = await import('./cli/gateCommand');
        return command.kind === 'gate' ? await runGateCommand(command, ctx) : runInstallHookCommand(command, ctx);
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`ai-guard: ${err.message}\nRun "ai-guard --help" for usage.\n`);
      return EXIT_USAGE;
    }
    if (err instanceof SetupError) {
      ctx.stderr.write(`ai-guard: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

// `ai-guard scan . | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
  throw err;
});

main(process.argv.slice(2), {
  cwd: process.cwd(),
  bundleDir: __dirname,
  toolVersion: version,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ai-guard: internal error: ${describeError(err, 'stack')}\nPlease report this at https://github.com/ai-guard/ai-guard/issues.\n`);
    process.exitCode = EXIT_USAGE;
  },
);
