/** Every sub-command's `register`. Add one line per command file. */
import type { Command } from 'commander';

/** Registers one sub-command on the root program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
