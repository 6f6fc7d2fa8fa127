import { afterAll } from '@jest/globals';

// nock patches Node's http module, which outlives the test file that imported it: later files in
// the same Jest worker would send their own local traffic (the model client's WebSocket upgrades
// to the fake Spark) through nock's mock socket, which has no handle and adds a 'connect'
// listener on every read (MaxListenersExceededWarning). Undo the patch when each file ends.
// A file that never used nock gets this file's module registry's own instance: activated and
// restored at once.
afterAll(async () => {
  const { default: nock } = await import('nock');
  nock.restore();
});
