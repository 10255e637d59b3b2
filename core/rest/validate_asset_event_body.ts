// CreateAssetEventsBody (POST /api/v2/assets/events), as FastAPI + pydantic validate it
// (airflow-core/src/airflow/api_fastapi/core_api/datamodels/assets.py; same in 3.0 and 3.1):
//
//   asset_id: int                            # the asset's database id, not its name or uri
//   extra: dict = {}                         # field_validator(mode="after") adds "from_rest_api": True
//
// The validator runs only on a given value (pydantic does not validate defaults), so an omitted
// `extra` stays {} while a given one gains "from_rest_api": true.
import { checkDict, checkInt, validateModelBody, validationFailure, type ValidationFailure } from './pydantic.js';

export interface AssetEventBody {
  asset_id: number;
  /** The extra Airflow stores on the event (with from_rest_api when the body had `extra`). */
  extra: Record<string, unknown>;
}

export type AssetEventValidation = { ok: true; body: AssetEventBody } | ValidationFailure;

export function validateAssetEventBody(body: unknown): AssetEventValidation {
  const r = validateModelBody(body, [
    { name: 'asset_id', required: true, check: checkInt },
    { name: 'extra', required: false, check: checkDict },
  ]);
  if (!r.ok) return validationFailure(r.errors);
  const given = r.values.get('extra') as Record<string, unknown> | undefined;
  return {
    ok: true,
    body: {
      asset_id: r.values.get('asset_id') as number,
      extra: given === undefined ? {} : { ...given, from_rest_api: true },
    },
  };
}
