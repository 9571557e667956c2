/** dist/pins.js: reading pinned bindings again, Pin Binding and Unpin Binding (loaded on first use: src/tree/pinsLazy.ts). */
export { readPinned } from './read';
export { pinBinding, unpinBinding } from './commands';
