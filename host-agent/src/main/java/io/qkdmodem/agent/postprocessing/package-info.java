/**
 * QKD post-processing, from sifted bits to a secret key, as a sans-IO library: {@link
 * io.qkdmodem.agent.postprocessing.PostProcessor} is one party (Alice or Bob) as a state machine
 * that takes a message and returns the messages to send; the messages live in {@code .message}.
 * Steps: parameter estimation ({@code .estimation}), Cascade ({@code .cascade}), verification
 * ({@code .verification}), Toeplitz privacy amplification ({@code .amplification}); key-rate
 * calculators in {@code .keyrate}; the shared bit vector in {@code .bits}. See
 * docs/postprocessing.md.
 */
package io.qkdmodem.agent.postprocessing;
