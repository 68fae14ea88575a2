/**
 * Vigil's HTTP service: {@code POST /v1/detect} and {@code GET /v1/model} on Quarkus, with the
 * model loaded once at start-up and requests micro-batched through the runtime's detection engine.
 * Health, metrics and the OpenAPI document are under {@code /q/}. See {@code docs/http.md}.
 */
package dev.vigil.http;
