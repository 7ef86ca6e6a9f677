// Generators of tiny, official-layout datasets for tests (importers, CLI, app): each writes real
// image files into a folder and returns what an import must find (classes in dataset order, usable
// counts, the problems planted). See each file's header for the exact layout it reproduces.
export * from './common';
export * from './images';
export * from './matfile-writer';
export * from './folder';
export * from './cub';
export * from './aircraft';
export * from './cars';
export * from './report-keys';
