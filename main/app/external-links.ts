// Links the app may open in the user's browser: https pages of a few known sites (the paper, code
// hosting, Weights & Biases). Anything else a page tries to open is dropped.
import { shell } from 'electron';

export const EXTERNAL_LINK_HOSTS = ['openaccess.thecvf.com', 'arxiv.org', 'github.com', 'wandb.ai', 'docs.wandb.ai', 'www.electronjs.org'];

export const PAPER_URL = 'https://openaccess.thecvf.com/content_ICCV_2019/html/Zhang_Learning_a_Mixture_of_Granularity-Specific_Experts_for_Fine-Grained_Categorization_ICCV_2019_paper.html';

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_LINK_HOSTS.includes(url.hostname);
  } catch {
    return false;
  }
}

/** Opens an allowed link in the system browser; returns whether it did. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}
