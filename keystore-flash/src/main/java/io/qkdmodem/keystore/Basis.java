package io.qkdmodem.keystore;

/** BB84 bases: Z (rectilinear) and X (diagonal). */
public enum Basis {
    Z,
    X
}
