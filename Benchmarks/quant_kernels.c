// Single-kernel timings of CQuantKernels per path (scalar, AVX2, AVX-512BW, AVX-512 VNNI)
// on SmolLM2-135M's matrix shapes, one thread, in thread CPU time (so that other jobs on
// a shared machine do not count), best of 15; prints each path's largest relative
// difference to the scalar path. Built and run by Benchmarks/quant-kernels.sh.
#include "CQuantKernels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static unsigned long long state = 1;
static unsigned next_random(void) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(state >> 33);
}

int main(void) {
    // rows, columns, GGUF type (1: Q4_1, 8: Q8_0): attention and feed-forward products, the output matrix.
    const int shapes[][3] = {{576, 576, 1}, {1536, 576, 1}, {576, 1536, 1}, {49152, 576, 8}, {576, 1536, 8}};
    for (size_t c = 0; c < sizeof shapes / sizeof shapes[0]; c++) {
        const size_t rows = shapes[c][0], columns = shapes[c][1], blocks = columns / 32;
        const int type = shapes[c][2];
        const size_t stride = type == 8 ? 34 : 20, bytes = rows * blocks * stride;
        uint8_t *w = malloc(bytes), *packed = aligned_alloc(64, (bytes + 63) / 64 * 64);
        for (size_t i = 0; i < bytes; i++) w[i] = (uint8_t)next_random();
        // Half-precision scales of 2^-9…2^-8 (and Q4_1 minimums of either sign), as real weights have.
        for (size_t b = 0; b < rows * blocks; b++) {
            w[b * stride + 1] = 0x18 | (next_random() & 7);
            if (type == 1) w[b * stride + 3] = 0x18 | (next_random() & 0x87);
        }
        if (type == 1) cqk_repack_q4(w, rows, blocks, 1, packed);
        else memcpy(packed, w, bytes);
        float *x = malloc(columns * sizeof(float));
        float *d = malloc(blocks * sizeof(float)), *s = malloc(blocks * sizeof(float));
        for (size_t i = 0; i < columns; i++) x[i] = ((int)(next_random() % 2001) - 1000) / 300.0f;
        int8_t *q = malloc(columns);
        float *y[4];
        double best[4];
        for (int path = 0; path < 4; path++) {
            y[path] = calloc(rows, sizeof(float));
            best[path] = -1;
            if (!cqk_force_path(path)) continue;
            cqk_quantize(x, blocks, q, d, s);
            const cqk_activations a = {q, d, s};
            const int repeats = rows * columns > 20000000 ? 3 : (int)(2e8 / (double)(rows * columns));
            best[path] = 1e9;
            for (int round = 0; round < 15; round++) {
                const double start = cpu_seconds();
                for (int r = 0; r < repeats; r++) {
                    if (type == 8) cqk_matvec_q8_0(packed, blocks * 34, blocks, 0, rows, a, y[path]);
                    else cqk_matvec_q4(packed, blocks, 1, 0, rows, a, y[path]);
                }
                const double seconds = (cpu_seconds() - start) / repeats;
                if (seconds < best[path]) best[path] = seconds;
            }
        }
        printf("%s %zu×%zu, µs per product:", type == 8 ? "Q8_0" : "Q4_1", rows, columns);
        for (int path = 0; path < 4; path++) {
            if (best[path] < 0) continue;
            double worst = 0;
            for (size_t r = 0; r < rows; r++) {
                const double e = fabs(y[path][r] - y[0][r]) / fmax(1, fabs(y[0][r]));
                if (e > worst) worst = e;
            }
            printf(" %s %.1f (Δ %.0e)", cqk_path_name((cqk_path)path), best[path] * 1e6, worst);
        }
        printf("\n");
        for (int path = 0; path < 4; path++) free(y[path]);
        free(w), free(packed), free(x), free(d), free(s), free(q);
    }
    cqk_force_path(-1);
    return 0;
}
