// The file route shared by both transports: `<base>runs/<id>/<path…>` for files of a run,
// `<base>datasets/<key>/<n>/<name>` for image n of an imported dataset, and
// `<base>predictions/<request>/{image/<n>/<name>, maps/<file>}` for the images and maps of a prediction. The base is the transport's
// ("/files/" for `mge serve`, "mge-app://renderer/files/" in the desktop app).

/** Encodes each segment, so names with spaces, "#" or "?" survive and "/" stays a separator. */
export function encodePathSegments(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

export class FileUrls {
  constructor(readonly base: string) {}

  runFolder(runId: string): string {
    return `${this.base}runs/${encodeURIComponent(runId)}/`;
  }

  datasetImage(key: string, index: number, fileName: string): string {
    return `${this.base}datasets/${key}/${index}/${encodeURIComponent(fileName)}`;
  }

  datasetThumbnail(key: string, index: number, fileName: string): string {
    return `${this.datasetImage(key, index, fileName)}?size=thumb`;
  }

  predictionImage(requestId: string, index: number, fileName: string): string {
    return `${this.base}predictions/${requestId}/image/${index}/${encodeURIComponent(fileName)}`;
  }

  predictionMap(requestId: string, fileName: string): string {
    return `${this.base}predictions/${requestId}/maps/${encodeURIComponent(fileName)}`;
  }
}
