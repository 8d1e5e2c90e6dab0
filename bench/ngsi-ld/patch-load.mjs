// Load generator for bench/ngsi-ld.ts (its own process): PATCH one attribute of a random
// entity through the real HTTP server with autocannon. Prints one JSON line.
import autocannon from 'autocannon';

const [url, connections, seconds, entities] = process.argv.slice(2);
let n = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{
    method: 'PATCH',
    setupRequest(req) {
      const id = Math.floor(Math.random() * Number(entities));
      req.path = `/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:${id}/attrs/pm25`;
      // The entities were written with Smart Data Models names: name that context.
      req.headers = { 'content-type': 'application/json', 'x-bench': 'k', link: '<https://smartdatamodels.org/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"' };
      req.body = JSON.stringify({ value: (n++ % 100), observedAt: new Date().toISOString() });
      return req;
    },
  }],
});
console.log(JSON.stringify({
  requestsPerSecond: Math.round(result.requests.average), total: result.requests.total, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
}));
