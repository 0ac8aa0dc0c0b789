/**
 * Typed configuration of the hardware abstraction: a {@link io.qkdmodem.hal.config.Setting} has a
 * name, a description, a default and its bounds; a {@link io.qkdmodem.hal.config.HalConfig} is an
 * immutable set of raw values read through settings, so a bad value fails with a message that
 * states the rule.
 */
package io.qkdmodem.hal.config;
