package io.camelgateway.keys;

/** Rate limits: requests and tokens per minute; a null field is no limit. */
public record Limits(Integer rpm, Long tpm) {
}
