/** Every sub-command's `register`. Add one line per command file. */
import type { Command } from 'commander';
import { register as certs } from './certs.js';
import { register as doctor } from './doctor.js';
import { register as importWeights } from './import-weights.js';
import { register as model } from './model.js';
import { register as phantom } from './phantom.js';
import { register as pretrain } from './pretrain.js';

/** Registers one sub-command on the root program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [doctor, model, importWeights, phantom, pretrain, certs];
