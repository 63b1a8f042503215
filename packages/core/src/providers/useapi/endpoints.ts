/** useapi.net LTX Studio create endpoints (relative to `{baseUrl}/v1/ltxstudio/`). */
export const USEAPI_ENDPOINTS = [
  'videos/ltx-create',
  'videos/veo-create',
  'images/create',
  'images/edit',
  'images/upscale',
] as const;
export type UseapiEndpoint = (typeof USEAPI_ENDPOINTS)[number];

/** Narrowing guard for {@link UseapiEndpoint}. */
export function isUseapiEndpoint(value: string): value is UseapiEndpoint {
  return (USEAPI_ENDPOINTS as readonly string[]).includes(value);
}

/** useapi.net retired its LTX Studio API on this date; the client still works against any base URL. */
export const USEAPI_RETIRED_ON = '2026-03-09';

/** The notice shown wherever a user picks or sees the useapi provider. */
export const USEAPI_DEPRECATION_NOTICE =
  'useapi.net retired its LTX Studio API on 2026-03-09; this provider is deprecated and kept for existing jobs and self-hosted base URLs.';
