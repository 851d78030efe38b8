// Drives @apigrate/autotask-restapi (unmodified, from npm) against an Autotask tenant and prints
// one JSON object with what it saw. Run by tests/sim/autotask_independent.rs with NODE_PATH pointing
// at the installed package and NODE_EXTRA_CA_CERTS at the tenant's certificate.
// Environment: AT_BASE_URL (discovery base, ending in '/'), AT_USER, AT_SECRET, AT_CODE,
// AT_RESTRICTED_USER / AT_RESTRICTED_SECRET (a user without Companies access).
'use strict';
const { AutotaskRestApi, AutotaskApiError } = require('@apigrate/autotask-restapi');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function refusal(promise) {
  try {
    const value = await promise;
    return { ok: true, value };
  } catch (e) {
    if (e instanceof AutotaskApiError) return { ok: false, status: e.status, details: e.details };
    return { ok: false, error: String(e) };
  }
}

(async () => {
  const base_url = env('AT_BASE_URL');
  const api = new AutotaskRestApi(env('AT_USER'), env('AT_SECRET'), env('AT_CODE'), { base_url });
  const out = {};

  // The library looks the zone up lazily, on its first call. It has no wrapper for Version or
  // ThresholdInformation, so its generic GET is used for them.
  out.version = await api._get('/Version');
  out.zone = api.zoneInfo;
  out.threshold = await api._get('/ThresholdInformation');
  out.info = await api.Companies.info();
  out.fields = await api.Companies.fieldInfo();
  out.company1 = await api.Companies.get(1);
  out.missing = await api.Companies.get(9999999);

  // Paging: the library returns one page per query and leaves nextPageUrl to the caller. The
  // next page is requested through the library's own request method with the same method
  // (POST) and the same body, as the service requires.
  const search = { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 100 };
  const prefix = `${api.zoneInfo.url}V${api.version}`;
  let page = await api.Companies.query(search);
  const ids = [];
  const pageCounts = [];
  for (let n = 0; n < 1000; n++) {
    ids.push(...page.items.map((c) => c.id));
    pageCounts.push(page.pageDetails.count);
    const next = page.pageDetails.nextPageUrl;
    if (!next) break;
    if (!next.startsWith(prefix)) throw new Error(`next page ${next} is not below ${prefix}`);
    page = await api._post(next.substring(prefix.length), search);
  }
  out.ids = ids;
  out.pageCounts = pageCounts;
  out.count = await api.Companies.count({
    filter: [
      { op: 'eq', field: 'isActive', value: true },
      { op: 'in', field: 'companyType', value: [1] },
    ],
  });
  out.activeCustomers = (
    await api.Companies.query({
      filter: [
        { op: 'eq', field: 'isActive', value: true },
        { op: 'in', field: 'companyType', value: [1] },
      ],
      IncludeFields: ['id', 'companyName'],
    })
  ).pageDetails;

  // Refusals, as the library reports them.
  const wrongSecret = new AutotaskRestApi(env('AT_USER'), 'wrong-secret', env('AT_CODE'), { base_url });
  out.wrongSecret = await refusal(wrongSecret._get('/Version'));
  const wrongCode = new AutotaskRestApi(env('AT_USER'), env('AT_SECRET'), 'WRONG-CODE', { base_url });
  out.wrongCode = await refusal(wrongCode._get('/Version'));
  const restricted = new AutotaskRestApi(
    env('AT_RESTRICTED_USER'), env('AT_RESTRICTED_SECRET'), env('AT_CODE'), { base_url });
  out.restricted = await refusal(restricted.Companies.query(search));

  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => {
  process.stderr.write(`apigrate driver failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
