/**
 * Vigil's HTTP service: {@code POST /v1/detect}, {@code GET /v1/model}, {@code POST
 * /v1/model/reload} and the WebSocket {@code /v1/stream} on Quarkus, with the model loaded once at
 * start-up and uploads and live streams micro-batched through the runtime's detection engine.
 * Health, metrics and the OpenAPI document are under {@code /q/}. See {@code docs/http.md}.
 */
package dev.vigil.http;
