// Every `mge` command, in the order `mge --help` lists them.
import type { CommandSpec } from '../command';
import { datasetsInspectCommand } from './datasets-inspect';
import { runsDeleteCommand, runsListCommand, runsRenameCommand, runsShowCommand } from './runs';

export const COMMANDS: CommandSpec[] = [datasetsInspectCommand, runsListCommand, runsShowCommand, runsRenameCommand, runsDeleteCommand];
