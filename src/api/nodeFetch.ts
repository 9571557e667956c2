/**
 * The extension's one node-fetch, by name: a lazy bundle (dist/setup.js) takes this instance from
 * the extension (SHARED) instead of carrying its own 19 KB copy.
 */
export { default as nodeFetch } from 'node-fetch';
