// Per-run class-activation-map galleries (issue 4): the training callback, the writer and its options.
export { galleryCallback, GALLERY_DIR, type GalleryCallbackInput } from './gallery-callback';
export { writeGallery, galleryFolderName, GALLERY_INDEX, type WriteGalleryInput, type WrittenGallery } from './write-gallery';
export { DEFAULT_GALLERY_OPTIONS, resolveGalleryOptions, type GalleryOptions } from './gallery-options';
export { stratifiedSample } from './sample';
