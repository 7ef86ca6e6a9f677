export { RunStore, RUN_FILES, type RunDetails, type NewRun } from './run-store';
export { writeFileAtomic, writeJsonAtomic, appendJsonLine, readJsonLines, readJsonFile } from '../../common/atomic-file';
