package io.qkdmodem.agent.postprocessing.amplification;

import java.util.Arrays;

/**
 * All pointwise products of two ternary spectra at once, bit-sliced. The {@code N} elements of
 * {@code 2K} bits are transposed so that row {@code b} holds bit {@code b} of every element ({@code
 * lanes} words, one bit per element): a product of polynomials is then row ANDs and row XORs that
 * serve all {@code N} products together, 64 per word, and multiplication by {@code x^j} is a row
 * offset. This takes the place of a 64 x 64 carry-less product at the leaves, which Java 17 cannot
 * do in hardware.
 *
 * <p>The rows of one polynomial are consecutive, {@code lanes} words each, so the products ({@link
 * RowProduct}: Karatsuba, or one more Schönhage level, on the rows) are XORs and ANDs over long
 * contiguous word ranges.
 */
final class BitSlicedProduct {
    private final int points;
    private final int words;
    private final int rows;
    private final int lanes;
    private final long[] ra;
    private final long[] rb;
    private final long[] block = new long[64];
    private final RowProduct product;

    BitSlicedProduct(int points, int bigK) {
        this.points = points;
        this.rows = 2 * bigK;
        this.words = (rows + 63) >>> 6;
        this.lanes = (points + 63) >>> 6;
        this.ra = new long[rows * lanes];
        this.rb = new long[rows * lanes];
        this.product = RowProduct.create(bigK, lanes);
    }

    /**
     * {@code a[e] = a[e] * b[e] mod (x^{2K} + x^K + 1)} for every element {@code e} of two arrays
     * laid out as in {@link TernaryDft}.
     */
    void multiplyInto(long[] a, long[] b) {
        toRows(a, ra);
        toRows(b, rb);
        product.multiply(ra, 0, rb, 0);
        fromRows(ra, a);
    }

    /** Zeroizes the buffers (they hold key-dependent data). */
    void clear() {
        Arrays.fill(ra, 0L);
        Arrays.fill(rb, 0L);
        Arrays.fill(block, 0L);
        product.clear();
    }

    /**
     * Bit {@code b} of element {@code 64 q + i} to bit {@code i} of word {@code q} of row {@code
     * b}.
     */
    private void toRows(long[] elems, long[] out) {
        int w = words;
        for (int lane = 0; lane < lanes; lane++) {
            int e0 = lane << 6;
            int count = Math.min(64, points - e0);
            for (int word = 0; word < w; word++) {
                for (int i = 0; i < count; i++) {
                    block[i] = elems[(e0 + i) * w + word];
                }
                for (int i = count; i < 64; i++) {
                    block[i] = 0L;
                }
                Bits.transpose64(block, 0);
                int rmax = Math.min(64, rows - (word << 6));
                for (int i = 0; i < rmax; i++) {
                    out[((word << 6) + i) * lanes + lane] = block[i];
                }
            }
        }
    }

    private void fromRows(long[] in, long[] elems) {
        int w = words;
        for (int lane = 0; lane < lanes; lane++) {
            int e0 = lane << 6;
            int count = Math.min(64, points - e0);
            for (int word = 0; word < w; word++) {
                int rmax = Math.min(64, rows - (word << 6));
                for (int i = 0; i < rmax; i++) {
                    block[i] = in[((word << 6) + i) * lanes + lane];
                }
                for (int i = rmax; i < 64; i++) {
                    block[i] = 0L;
                }
                Bits.transpose64(block, 0);
                for (int i = 0; i < count; i++) {
                    elems[(e0 + i) * w + word] = block[i];
                }
            }
        }
    }
}
