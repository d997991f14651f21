import { boundariesResponse, registryResponse, holidaysResponse } from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The registry operations of the REST API. */
export function registryOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/registry',
    operationId: 'getRegistry',
    summary: 'Kecamatan, kelurahan (both spellings), services, zone, clock speed and base map (public)',
    tag: 'registry',
    access: 'public',
    ok: { 200: { description: 'Reference data (cacheable for 5 minutes)', schema: registryResponse } },
  });
  add({
    method: 'get',
    path: '/api/v1/registry/boundaries',
    operationId: 'getBoundaries',
    summary: 'GeoJSON boundaries of the kelurahan (public)',
    tag: 'registry',
    access: 'public',
    ok: {
      200: {
        description: 'A FeatureCollection, one feature per kelurahan (cacheable for an hour)',
        schema: boundariesResponse,
      },
    },
  });
  add({
    method: 'get',
    path: '/api/v1/registry/holidays',
    operationId: 'getHolidays',
    summary:
      'National holidays and cuti bersama the working-day calendar uses (config/holidays.yaml; public)',
    tag: 'registry',
    access: 'public',
    ok: {
      200: {
        description:
          'Every configured year in date order, with the decree they come from (cacheable for 5 minutes)',
        schema: holidaysResponse,
      },
    },
  });
}
