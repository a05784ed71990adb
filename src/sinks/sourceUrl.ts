import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isUrlInput } from '../decode/isUrlInput.js';

/** The source as a URL for an editor's media reference: a URL as given, a path as an absolute file:// URL. */
export function sourceUrl(source: string): string {
  return isUrlInput(source) ? source : pathToFileURL(resolve(source)).href;
}
