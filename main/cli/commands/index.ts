// Every `mge` command, in the order `mge --help` lists them.
import type { CommandSpec } from '../command';
import { benchCommand } from './bench';
import { datasetsInspectCommand } from './datasets-inspect';
import { exportCommand } from './export';
import { predictCommand } from './predict';
import { runsDeleteCommand, runsListCommand, runsRenameCommand, runsShowCommand } from './runs';
import { serveCommand } from './serve';
import { demoCommand, trainCommand } from './train';

export const COMMANDS: CommandSpec[] = [
  demoCommand,
  trainCommand,
  datasetsInspectCommand,
  runsListCommand,
  runsShowCommand,
  runsRenameCommand,
  runsDeleteCommand,
  predictCommand,
  exportCommand,
  serveCommand,
  benchCommand,
];
