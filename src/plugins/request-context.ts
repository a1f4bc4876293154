// Request ids, access logs and request metrics. The id comes from the caller's x-request-id
// header (a load balancer's or a client's) when it is sane, otherwise a new UUID; it is returned
// in the x-request-id response header and is on every log line written during the request.
import { randomUUID } from "node:crypto";
import { getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "pino";
import { requestScope } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";

const SANE_ID = /^[\w.:@-]{1,128}$/;

interface Scope {
  requestId: string;
  started: number;
  /** The request's path, from the URL Yoga has already parsed. */
  path?: string;
}

export function requestIdFrom(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && SANE_ID.test(given) ? given : randomUUID();
}

export function useRequestContext({ logger, metrics, graphqlEndpoint }: { logger: Logger; metrics: Metrics; graphqlEndpoint: string }): Plugin {
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const scope: Scope = { requestId: requestIdFrom(request), started: performance.now() };
        return requestScope.run(scope, wrapped);
      },
    },
    onRequest({ url }) {
      const scope = requestScope.getStore() as Scope | undefined;
      if (scope) scope.path = url.pathname;
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation) metrics.graphqlOperations.inc({ type: operation.operation });
    },
    onResponse({ request, response }) {
      const scope = requestScope.getStore() as Scope | undefined;
      if (!scope) return;
      response.headers.set("x-request-id", scope.requestId);
      const path = scope.path ?? new URL(request.url).pathname;
      // Label by known routes only, so random paths cannot blow up the metric's cardinality.
      const route = path === graphqlEndpoint || ["/health", "/ready", "/metrics"].includes(path) ? path : "other";
      const seconds = (performance.now() - scope.started) / 1000;
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.status) });
      metrics.httpDuration.observe({ route }, seconds);
      if (route === "/health" || route === "/metrics" || route === "/ready") return;
      logger.info(
        { method: request.method, path, status: response.status, durationMs: Math.round(seconds * 1000) },
        "request",
      );
    },
  };
}
