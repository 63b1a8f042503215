// The provider clients of core (wire schemas, HTTP), in their own module so that the extension loads
// them on the first request rather than at activation (runner-factory.ts, check-key.ts).
export { createLtxClient, createUseapiClient } from '@ltx-jobs/core';
