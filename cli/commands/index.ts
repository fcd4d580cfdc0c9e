/** Every sub-command's `register`. Add one line per command file. */
import type { Command } from 'commander';
import { register as certs } from './certs.js';
import { register as coordinator } from './coordinator.js';
import { register as demo } from './demo.js';
import { register as doctor } from './doctor.js';
import { register as importWeights } from './import-weights.js';
import { register as inspect } from './inspect.js';
import { register as model } from './model.js';
import { register as phantom } from './phantom.js';
import { register as pretrain } from './pretrain.js';
import { register as train } from './train.js';
import { register as evaluate } from './evaluate.js';
import { register as experiment } from './experiment.js';
import { register as predict } from './predict.js';
import { register as simulate } from './simulate.js';
import { register as site } from './site.js';
import { register as status } from './status.js';
import { register as ledger } from './ledger.js';

/** Registers one sub-command on the root program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [doctor, model, importWeights, phantom, pretrain, train, evaluate, predict, coordinator, site, demo, simulate, status, ledger, certs, inspect, experiment];
